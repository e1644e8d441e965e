namespace RightSize.Workspaces;

/// <summary>Real paths (every symlink resolved) and containment checks for <c>allowedRoots</c>.</summary>
internal static class PathGuard
{
    private const int MaxLinkDepth = 40;

    /// <summary>The path with every existing component's symlink resolved; null when links loop.</summary>
    public static string? RealPath(string fullPath) => RealPath(fullPath, 0);

    /// <summary>True when the path is the root or inside it; the filesystem root contains nothing but itself (never a whole-disk root).</summary>
    public static bool IsUnder(string realPath, string realRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(realRoot);
        return realPath == root
            || (realPath.StartsWith(root, StringComparison.Ordinal) && realPath.Length > root.Length && realPath[root.Length] == Path.DirectorySeparatorChar);
    }

    public static bool IsFileSystemRoot(string path) => Path.TrimEndingDirectorySeparator(path) == Path.GetPathRoot(path);

    private static string? RealPath(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            return null;
        }

        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var resolved = RealPath(Path.GetFullPath(target, current), depth + 1);
                if (resolved is null)
                {
                    return null;
                }

                next = resolved;
            }

            current = next;
        }

        return current;
    }
}
