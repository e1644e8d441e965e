using System.Globalization;

namespace RightSize.Load;

/// <summary>Parses command-line durations as wrk and hey write them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>; a bare number is seconds.</summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        var value = text?.Trim() ?? "";
        var scale = 1.0;
        // "ms" is checked before "s" and "m", which it ends and starts with.
        foreach (var (suffix, seconds) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length];
                scale = seconds;
                break;
            }
        }

        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{text}' is not a duration: use a number with an optional unit, as 500ms, 10s, 2m or 1h.";
            return false;
        }

        var total = number * scale;
        if (total <= 0 || total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"'{text}' is out of range: a duration must be above zero.";
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        error = "";
        return true;
    }
}
