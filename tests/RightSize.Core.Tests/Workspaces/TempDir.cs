namespace RightSize.Tests.Workspaces;

/// <summary>A fresh directory per test, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("rightsize-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Write(string relative, string content)
    {
        var file = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public string Folder(string relative) => Directory.CreateDirectory(Combine(relative)).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
