namespace RightSize.Jobs;

/// <summary>One user mistake, named by the JSON path of the field (e.g. <c>InputConfig.TrafficPattern.Phases[1].SpawnRate</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
