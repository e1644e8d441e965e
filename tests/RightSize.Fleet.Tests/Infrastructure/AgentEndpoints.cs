using System.Globalization;

namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>The local endpoint processes an agent started, from their pid files.</summary>
internal static class AgentEndpoints
{
    /// <summary>Pid files read "pid start owner ownerStart" (LocalProcessReaper): the endpoints whose owner is <paramref name="owner"/>.</summary>
    /// <param name="folder">The agent's state folder: the default, or the one under its own XDG_RUNTIME_DIR.</param>
    public static List<int> Of(int owner, string? folder = null) => [.. Directory.EnumerateFiles(folder ?? RightSize.Endpoints.StateFolder.Default, "*.pid")
        .Select(f => File.ReadAllText(f).Split(' '))
        .Where(p => p.Length == 4 && p[2] == owner.ToString(CultureInfo.InvariantCulture))
        .Select(p => int.Parse(p[0], CultureInfo.InvariantCulture))];

    public static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
}
