namespace RightSize.Fleet.Agents;

/// <summary>Reads this host's facts.</summary>
public static class HostFactsProbe
{
    public static HostFacts Read() => new()
    {
        Cores = Environment.ProcessorCount,
        MemoryBytes = (long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
    };
}
