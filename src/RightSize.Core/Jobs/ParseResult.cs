using System.Diagnostics.CodeAnalysis;

namespace RightSize.Jobs;

/// <summary>Either a value or the errors that prevented it; user mistakes are values, not exceptions.</summary>
public sealed record ParseResult<T>
    where T : class
{
    private ParseResult(T? value, IReadOnlyList<ValidationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<ValidationError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    public static ParseResult<T> Success(T value) => new(value, []);

    public static ParseResult<T> Failure(IReadOnlyList<ValidationError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return new(null, errors);
    }

    public static ParseResult<T> Failure(string path, string message) => Failure([new ValidationError(path, message)]);
}
