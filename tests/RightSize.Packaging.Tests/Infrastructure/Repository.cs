namespace RightSize.Packaging.Tests.Infrastructure;

/// <summary>The checkout these tests were built from: the packages, scripts and images are made from it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RightSize.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no RightSize.slnx above {AppContext.BaseDirectory}");
    }
}
