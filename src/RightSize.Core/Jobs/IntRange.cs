namespace RightSize.Jobs;

/// <summary>An inclusive range of a numeric field, printed the way messages show it ("1-3", ">= 1").</summary>
internal readonly record struct IntRange(long Min, long Max)
{
    public static IntRange AtLeast(long min) => new(min, long.MaxValue);

    public bool Contains(long value) => value >= Min && value <= Max;

    public override string ToString() => Max == long.MaxValue ? $">= {Min}" : $"{Min}-{Max}";
}
