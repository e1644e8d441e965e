using RightSize.Jobs;

namespace RightSize.Server.Api;

/// <summary>Enum checks shared by the list operations (text filters: <see cref="ListFilterRules"/>).</summary>
internal static class ListFilters
{
    public static void CheckEnum(List<ValidationError> errors, string path, string? value, params string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(new(path, $"'{Shorten(value)}' is not one of {string.Join(", ", allowed)}"));
        }
    }

    /// <summary>Echoed values are cut so a huge input makes a short message.</summary>
    public static string Shorten(string value) => ValidationError.Shorten(value);
}
