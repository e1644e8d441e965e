namespace RightSize;

/// <summary>One user mistake, named by the JSON path of the field (e.g. <c>InputConfig.TrafficPattern.Phases[1].SpawnRate</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";

    /// <summary>A value to echo in a message, cut so a huge input makes a short message.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : value[..61] + "...";
}
