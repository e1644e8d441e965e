namespace RightSize;

/// <summary>One user mistake, named by the JSON path of the field (e.g. <c>InputConfig.TrafficPattern.Phases[1].SpawnRate</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";

    /// <summary>A value to echo in a message, cut to <paramref name="maxLength"/> characters so a huge input makes a short message.</summary>
    public static string Shorten(string value, int maxLength = 64) => value.Length <= maxLength ? value : value[..(maxLength - 3)] + "...";
}
