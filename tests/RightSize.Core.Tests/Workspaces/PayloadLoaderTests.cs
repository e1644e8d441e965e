using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using RightSize.Workspaces;

namespace RightSize.Tests.Workspaces;

public sealed class PayloadLoaderTests : IDisposable
{
    private const string Field = "InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Archive(string name, params (string Name, TarEntryType Type, string Content)[] entries)
    {
        var path = _dir.Combine(name);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (entryName, type, content) in entries)
            {
                var entry = new PaxTarEntry(type, entryName);
                if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    entry.LinkName = content;
                }
                else if (type == TarEntryType.RegularFile)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                }

                tar.WriteEntry(entry);
            }
        }

        return path;
    }

    private static (string, TarEntryType, string) F(string name, string content = "1,2,3") => (name, TarEntryType.RegularFile, content);

    [Fact]
    public void Without_a_content_type_each_file_s_extension_gives_it_in_folders_and_archives()
    {
        _dir.Write("samples/a.json", "{}");
        _dir.Write("samples/b.npy", "x");
        _dir.Write("samples/c.csv", "1");
        _dir.Write("samples/d", "1");
        var archive = Archive("samples.tar.gz", F("x.NPY"), F("y.json"), F("z.txt"));

        string[] expected = ["application/json", "application/x-npy", "text/csv", "text/csv"];
        Assert.Equal(expected, PayloadLoader.Load(_dir.Combine("samples"), null, Field).Value!.Select(p => p.ContentType));
        Assert.Equal(["application/x-npy", "application/json", "text/csv"], PayloadLoader.Load(archive, null, Field).Value!.Select(p => p.ContentType));
        Assert.Equal("application/x-npy", Assert.Single(PayloadLoader.Load(_dir.Combine("samples", "b.npy"), null, Field).Value!).ContentType);
        Assert.All(PayloadLoader.Load(_dir.Combine("samples"), "application/x-npy", Field).Value!, p => Assert.Equal("application/x-npy", p.ContentType));
    }

    [Fact]
    public void A_folder_gives_one_payload_per_visible_file_in_name_order()
    {
        _dir.Write("samples/b.csv", "2");
        _dir.Write("samples/a.csv", "1");
        _dir.Write("samples/nested/c.csv", "3");
        _dir.Write("samples/.DS_Store", "x");
        _dir.Write("samples/._a.csv", "x");
        _dir.Write("samples/.git/config", "x");

        var result = PayloadLoader.Load(_dir.Combine("samples"), "text/csv", Field);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["1", "2", "3"], result.Value.Select(p => Encoding.UTF8.GetString(p.Body.Span)));
        Assert.All(result.Value, p => Assert.Equal("text/csv", p.ContentType));
        Assert.Equal(_dir.Combine("samples", "a.csv"), result.Value[0].Source);
    }

    [Fact]
    public void An_archive_gives_one_payload_per_file()
    {
        var archive = Archive("samples.tar.gz", ("payloads", TarEntryType.Directory, ""), F("payloads/b.json", "{\"b\":2}"), F("./payloads/a.json", "{\"a\":1}"), F("payloads/._a.json"), F(".DS_Store"));

        var result = PayloadLoader.Load(archive, "application/json", Field);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], result.Value.Select(p => Encoding.UTF8.GetString(p.Body.Span)));
        Assert.All(result.Value, p => Assert.Equal("application/json", p.ContentType));
    }

    [Fact]
    public void A_tgz_and_a_single_file_are_accepted()
    {
        Assert.Single(PayloadLoader.Load(Archive("s.tgz", F("one.csv")), "text/csv", Field).Value!);
        Assert.Single(PayloadLoader.Load(_dir.Write("single.csv", "9"), "text/csv", Field).Value!);
    }

    [Theory]
    [InlineData("../evil", "'../evil'", "contains '..'")]
    [InlineData("payloads/../../evil", "'payloads/../../evil'", "contains '..'")]
    [InlineData("/etc/evil", "'/etc/evil'", "absolute path")]
    public void Escaping_entries_are_rejected_by_name(string name, string named, string fragment)
    {
        var result = PayloadLoader.Load(Archive("bad.tar.gz", F("ok.csv"), F(name)), "text/csv", Field);

        var error = Assert.Single(result.Errors);
        Assert.Equal(Field, error.Path);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public void Links_are_rejected(TarEntryType type)
    {
        var result = PayloadLoader.Load(Archive("links.tar.gz", F("ok.csv"), ("link.csv", type, "/etc/passwd")), "text/csv", Field);

        Assert.Contains("entry 'link.csv'", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Contains("links are not allowed", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversize_entries_and_too_many_files_are_rejected()
    {
        var limits = new PayloadLimits { MaxFileBytes = 5, MaxFiles = 2, MaxTotalBytes = 8 };

        Assert.Contains("'big.csv'", Assert.Single(PayloadLoader.Load(Archive("big.tar.gz", F("big.csv", "123456")), "text/csv", Field, limits).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("more than 2 sample files", Assert.Single(PayloadLoader.Load(Archive("many.tar.gz", F("a", "1"), F("b", "1"), F("c", "1")), "text/csv", Field, limits).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("exceed 8 bytes in total (at 'b')", Assert.Single(PayloadLoader.Load(Archive("total.tar.gz", F("a", "12345"), F("b", "12345")), "text/csv", Field, limits).Errors).Message, StringComparison.Ordinal);
        _dir.Write("bigdir/big.csv", "123456");
        Assert.Contains("'big.csv'", Assert.Single(PayloadLoader.Load(_dir.Combine("bigdir"), "text/csv", Field, limits).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_archive_with_more_entries_than_the_cap_is_refused_naming_it_and_the_cap_and_one_at_the_cap_is_read()
    {
        var cap = PayloadLimits.Default.MaxArchiveEntries;
        (string, TarEntryType, string)[] Folders(int count) =>
            [.. Enumerable.Range(0, count).Select(i => ($"d{i:00000}/", TarEntryType.Directory, "")), F("z.csv")];

        var over = Archive("folders.tar.gz", Folders(cap));
        var atCap = Archive("fits.tar.gz", Folders(cap - 1));

        var error = Assert.Single(PayloadLoader.Load(over, "text/csv", Field).Errors);
        Assert.Equal(Field, error.Path);
        Assert.Contains($"'{over}' holds more than {cap} entries", error.Message, StringComparison.Ordinal);
        Assert.Equal("z.csv", Path.GetFileName(Assert.Single(PayloadLoader.Load(atCap, "text/csv", Field).Value!).Source!.Split('!')[1]));
    }

    [Fact]
    public void Empty_archives_and_folders_are_errors()
    {
        Assert.Contains("contains no sample files", Assert.Single(PayloadLoader.Load(Archive("empty.tar.gz", F(".DS_Store")), "text/csv", Field).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("contains no sample files", Assert.Single(PayloadLoader.Load(_dir.Folder("empty"), "text/csv", Field).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_archive_is_an_error()
    {
        var path = _dir.Write("corrupt.tar.gz", "not gzip at all");

        Assert.Contains("not a readable .tar.gz archive", Assert.Single(PayloadLoader.Load(path, "text/csv", Field).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlinks_in_sample_folders_are_rejected()
    {
        using var outside = new TempDir();
        outside.Write("secret.csv", "s");
        _dir.Write("samples/a.csv", "1");
        File.CreateSymbolicLink(_dir.Combine("samples", "b.csv"), outside.Combine("secret.csv"));

        Assert.Contains("'b.csv'", Assert.Single(PayloadLoader.Load(_dir.Combine("samples"), "text/csv", Field).Errors).Message, StringComparison.Ordinal);
    }
}
