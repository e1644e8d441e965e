using System.Diagnostics.CodeAnalysis;

namespace RightSize.ModelServer;

/// <summary>An expected failure as a value: either a result, or a message for the user saying what is wrong.</summary>
internal readonly record struct Attempt<T>(T? Value, string? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static Attempt<T> Ok(T value) => new(value, null);

    public static Attempt<T> Fail(string error) => new(null, error);
}
