using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>Reads and writes cgroup control files: one value per file, or "key value" lines.</summary>
internal static class CgroupFiles
{
    public static void Write(string directory, string file, string value) => File.WriteAllText(Path.Combine(directory, file), value);

    public static string Read(string directory, string file) => File.ReadAllText(Path.Combine(directory, file)).Trim();

    public static long ReadLong(string directory, string file) => long.Parse(Read(directory, file), CultureInfo.InvariantCulture);

    /// <summary>The value of <paramref name="key"/> in a "key value" file (cpu.stat, memory.stat); 0 when absent.</summary>
    public static long ReadKey(string directory, string file, string key)
    {
        foreach (var line in File.ReadLines(Path.Combine(directory, file)))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key))
            {
                return long.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The pids in the cgroup; empty when it is gone.</summary>
    public static IReadOnlyList<int> Pids(string directory)
    {
        try
        {
            return [.. File.ReadLines(Path.Combine(directory, "cgroup.procs"))
                .Where(l => l.Length > 0)
                .Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>A core list in the kernel's format: "1", "0-3", "1,3".</summary>
    public static string CoreList(IReadOnlyList<int> cores) => string.Join(',', cores);

    /// <summary>Parses "0-3,5" into its cores.</summary>
    public static IReadOnlyList<int> ParseCoreList(string text)
    {
        var cores = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = int.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            for (var c = first; c <= last; c++)
            {
                cores.Add(c);
            }
        }

        return cores;
    }
}
