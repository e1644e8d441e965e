using System.Diagnostics.CodeAnalysis;

namespace RightSize.Catalog;

/// <summary>The instance types a job may name: the built-in entries plus the workspace's additions and overrides.</summary>
public sealed class InstanceCatalog
{
    private readonly Dictionary<string, InstanceType> _entries;

    private InstanceCatalog(Dictionary<string, InstanceType> entries)
    {
        _entries = entries;
        All = [.. entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    public static InstanceCatalog BuiltIn { get; } = new(BuiltInInstanceTypes.All.ToDictionary(e => e.Name, StringComparer.Ordinal));

    /// <summary>Every entry, ordered by name.</summary>
    public IReadOnlyList<InstanceType> All { get; }

    public bool TryGet(string name, [MaybeNullWhen(false)] out InstanceType instanceType) =>
        _entries.TryGetValue(name, out instanceType);

    /// <summary>A catalog where <paramref name="entries"/> add new types or replace built-in ones of the same name.</summary>
    public InstanceCatalog WithOverrides(IEnumerable<InstanceType> entries)
    {
        var merged = new Dictionary<string, InstanceType>(_entries, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            merged[entry.Name] = entry;
        }

        return new(merged);
    }

    /// <summary>The message for a name not in the catalog, suggesting near names.</summary>
    public string DescribeUnknown(string name)
    {
        var near = NearNames(name);
        var suggestion = near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "";
        return $"instance type '{name}' is not in the instance catalog{suggestion} "
            + "(list them with `rightsize instance-types`; add one in rightsize.json InstanceTypes)";
    }

    /// <summary>Up to five names close to <paramref name="name"/>: same family (e.g. ml.c5) or a few edits away.</summary>
    public IReadOnlyList<string> NearNames(string name)
    {
        var family = Family(name);
        return
        [
            .. _entries.Keys
                .Select(candidate => (candidate, distance: EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant())))
                .Where(c => c.distance <= Math.Max(2, name.Length / 4) || Family(c.candidate) == family)
                .OrderBy(c => c.distance)
                .ThenBy(c => c.candidate, StringComparer.Ordinal)
                .Take(5)
                .Select(c => c.candidate),
        ];
    }

    private static string Family(string name)
    {
        var lastDot = name.LastIndexOf('.');
        return lastDot > 0 ? name[..lastDot].ToLowerInvariant() : name.ToLowerInvariant();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
