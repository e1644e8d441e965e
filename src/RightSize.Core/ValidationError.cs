namespace RightSize;

/// <summary>One user mistake, named by the JSON path of the field (e.g. <c>InputConfig.TrafficPattern.Phases[1].SpawnRate</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    /// <summary>
    /// True when the text could not be read as the field's JSON type (malformed JSON, a string where a number goes), which
    /// AWS answers with SerializationException; false for a readable value that breaks a rule (ValidationException).
    /// </summary>
    public bool Unreadable { get; init; }

    public override string ToString() => $"{Path}: {Message}";

    /// <summary>A value to echo in a message, cut to <paramref name="maxLength"/> characters so a huge input makes a short message.</summary>
    public static string Shorten(string value, int maxLength = 64) => value.Length <= maxLength ? value : value[..(maxLength - 3)] + "...";
}
