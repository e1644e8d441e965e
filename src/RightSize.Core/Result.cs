using System.Diagnostics.CodeAnalysis;

namespace RightSize;

/// <summary>Either a value or the errors that prevented it (parsing, validation, resolution): user mistakes are values, not exceptions.</summary>
public sealed record Result<T>
    where T : class
{
    private Result(T? value, IReadOnlyList<ValidationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<ValidationError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Failure(IReadOnlyList<ValidationError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return new(null, errors);
    }

    public static Result<T> Failure(string path, string message) => Failure([new ValidationError(path, message)]);
}
