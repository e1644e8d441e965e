using RightSize.Jobs;

namespace RightSize.Server.Api;

/// <summary>Enum and length checks shared by the list operations.</summary>
internal static class ListFilters
{
    public static void CheckEnum(List<ValidationError> errors, string path, string? value, params string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(new(path, $"'{Shorten(value)}' is not one of {string.Join(", ", allowed)}"));
        }
    }

    /// <summary>A text filter within SageMaker's length limit (a longer one can match nothing, so it is a mistake).</summary>
    public static void CheckLength(List<ValidationError> errors, string path, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(path, $"{value.Length} characters, more than {max}"));
        }
    }

    /// <summary>Echoed values are cut so a huge input makes a short message.</summary>
    public static string Shorten(string value) => ValidationError.Shorten(value);
}
