using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RightSize.Jobs;

/// <summary>Collects every error of one validation, with the shared checks (presence, range, length, pattern, count).</summary>
internal sealed class ValidationContext(JobValidationOptions options)
{
    private readonly List<ValidationError> _errors = [];

    public JobValidationOptions Options { get; } = options;

    public JobLimits Limits { get; } = options.Relaxed ? JobLimits.Relaxed : JobLimits.Strict;

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(string path, string message) => _errors.Add(new(path, message));

    /// <summary>Reports a missing member; true when present (a string must also be non-empty).</summary>
    public bool Required([NotNullWhen(true)] object? value, string path, string what)
    {
        if (value is null || value is string { Length: 0 })
        {
            Add(path, $"required: {what}");
            return false;
        }

        return true;
    }

    public bool Range(long? value, string path, IntRange range, string? note = null)
    {
        if (value is not { } v || range.Contains(v))
        {
            return true;
        }

        Add(path, $"{v} is out of range {range}{note}");
        return false;
    }

    /// <summary>A range that relaxed validation widens; in strict mode the message says so.</summary>
    public bool Relaxable(long? value, string path, Func<JobLimits, IntRange> limit) =>
        Range(value, path, limit(Limits), RelaxedNote(limit(JobLimits.Relaxed).ToString()));

    public string? RelaxedNote(string relaxedRange) =>
        Options.Relaxed ? null : $" (SageMaker's limit; relaxed validation (--relaxed-validation) allows {relaxedRange})";

    public bool Length(string? value, string path, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            Add(path, $"length {value.Length} is out of range {new IntRange(min, max)} characters");
            return false;
        }

        return true;
    }

    public void Match(string? value, string path, Regex pattern, string expected)
    {
        if (value is { Length: > 0 } && !pattern.IsMatch(value))
        {
            Add(path, $"'{Shorten(value)}' is not valid: expected {expected}");
        }
    }

    /// <summary>Length, then pattern (a value of the wrong length gets one error, not two).</summary>
    public void Text(string? value, string path, int min, int max, Regex pattern, string expected)
    {
        if (Length(value, path, min, max))
        {
            Match(value, path, pattern, expected);
        }
    }

    public void Count(System.Collections.ICollection? list, string path, IntRange range, string what)
    {
        if (list is not null && !range.Contains(list.Count))
        {
            Add(path, $"has {list.Count} {what}, out of range {range}");
        }
    }

    public void OneOf(string? value, string path, IReadOnlyList<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(path, $"'{Shorten(value)}' is not allowed; use one of: {string.Join(", ", allowed)}");
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "...");
}
