using System.Formats.Tar;
using System.IO.Compression;
using RightSize.Jobs;
using RightSize.Load;

namespace RightSize.Workspaces;

/// <summary>
/// Reads a <c>.tar.gz</c> of samples (SageMaker's SamplePayloadUrl format) into memory, never onto disk: absolute
/// names, <c>..</c> segments and links of any kind are rejected, sizes are bounded before data is read, and reading
/// stops at the entry cap, so no archive is walked further than <see cref="PayloadLimits.MaxArchiveEntries"/> entries.
/// </summary>
internal static class ArchivePayloadReader
{
    public static Result<IReadOnlyList<Payload>> Read(string archivePath, string? contentType, string path, PayloadLimits limits)
    {
        var budget = new SampleBudget(limits, archivePath);
        var payloads = new List<Payload>();
        try
        {
            using var file = File.OpenRead(archivePath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var entries = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                if (++entries > limits.MaxArchiveEntries)
                {
                    return Result<IReadOnlyList<Payload>>.Failure(path,
                        $"'{archivePath}' holds more than {limits.MaxArchiveEntries} entries (files and folders); keep at most {limits.MaxArchiveEntries}, e.g. without nested folders");
                }

                var problem = Check(entry, archivePath);
                if (problem is not null)
                {
                    return Result<IReadOnlyList<Payload>>.Failure(path, problem);
                }

                if (!IsFile(entry.EntryType) || SampleBudget.IsHidden(entry.Name))
                {
                    continue;
                }

                if (budget.Admit(entry.Name, entry.Length) is { } overLimit)
                {
                    return Result<IReadOnlyList<Payload>>.Failure(path, overLimit);
                }

                var body = new byte[entry.Length];
                entry.DataStream?.ReadExactly(body);
                payloads.Add(new Payload(body, contentType ?? PayloadLoader.ContentTypeOfFile(entry.Name)) { Source = $"{archivePath}!{entry.Name}" });
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            return Result<IReadOnlyList<Payload>>.Failure(path, $"'{archivePath}' is not a readable .tar.gz archive: {e.Message}");
        }

        return payloads.Count > 0
            ? Result<IReadOnlyList<Payload>>.Success([.. payloads.OrderBy(p => p.Source, StringComparer.Ordinal)])
            : Result<IReadOnlyList<Payload>>.Failure(path, $"'{archivePath}' contains no sample files (hidden files are skipped); add at least one request body");
    }

    /// <summary>Null when the entry is safe to read or skip, else the message naming it.</summary>
    private static string? Check(TarEntry entry, string archivePath)
    {
        var name = entry.Name;
        if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            return $"entry '{name}' in '{archivePath}' is a link ({entry.EntryType}); links are not allowed in sample archives";
        }

        if (name.StartsWith('/') || name.StartsWith('\\') || Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':'))
        {
            return $"entry '{name}' in '{archivePath}' has an absolute path; archive entries must be relative";
        }

        if (name.Split('/', '\\').Contains(".."))
        {
            return $"entry '{name}' in '{archivePath}' contains '..'; archive entries must stay inside the archive";
        }

        return IsFile(entry.EntryType) || entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes
            ? null
            : $"entry '{name}' in '{archivePath}' is a {entry.EntryType} entry; only regular files and folders are allowed";
    }

    private static bool IsFile(TarEntryType type) =>
        type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
}
