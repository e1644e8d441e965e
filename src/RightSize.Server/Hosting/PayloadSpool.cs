using System.Text;
using RightSize.Endpoints;
using RightSize.Load;

namespace RightSize.Server.Hosting;

/// <summary>
/// Where a waiting job's sample payloads wait: one file per job in <c>DATA/queue</c> (the data folder is on disk; the
/// runtime folders of the endpoint state are often tmpfs, i.e. memory), so 100 queued jobs with 100 MB of samples
/// each hold no payload memory. The folder is the server's own (mode 0700, checked like the endpoint state folder);
/// files are created new (never through a symlink) and read back, then deleted, when the job starts.
/// </summary>
internal sealed class PayloadSpool(ServerOptions options)
{
    private const string Extension = ".payloads";

    public string Folder { get; } = Path.Combine(options.DataFolder, "queue");

    /// <summary>Creates or checks the folder and deletes what a stopped server left (its jobs were failed at start); the error when it is unsafe.</summary>
    public ValidationError? Prepare()
    {
        if (StateFolder.Prepare(Folder, "queued-payload folder") is { } unsafeFolder)
        {
            return new ValidationError("--data", unsafeFolder);
        }

        foreach (var leftover in Directory.EnumerateFiles(Folder, "*" + Extension))
        {
            File.Delete(leftover);
        }

        return null;
    }

    /// <summary>Writes the payloads to a new file; its path, or why the disk refused.</summary>
    public Result<string> Write(IReadOnlyList<Payload> payloads)
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + Extension);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new BinaryWriter(file, Encoding.UTF8);
            writer.Write(payloads.Count);
            foreach (var payload in payloads)
            {
                writer.Write(payload.ContentType);
                writer.Write(payload.Source ?? string.Empty);
                writer.Write(payload.Body.Length);
                writer.Write(payload.Body.Span);
            }

            return Result<string>.Success(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Delete(path);
            return Result<string>.Failure("InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl",
                $"the server cannot keep this job's sample payloads on disk while it waits ({e.Message}); try again when others have run");
        }
    }

    /// <summary>Reads the payloads back and deletes the file; the reason when it cannot.</summary>
    public Result<IReadOnlyList<Payload>> Take(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            var count = reader.ReadInt32();
            var payloads = new List<Payload>();
            for (var i = 0; i < count; i++)
            {
                var contentType = reader.ReadString();
                var source = reader.ReadString();
                var length = reader.ReadInt32();
                if (length < 0 || length > file.Length - file.Position)
                {
                    throw new InvalidDataException($"payload {i} claims {length} bytes");
                }

                payloads.Add(new Payload(reader.ReadBytes(length), contentType) { Source = source.Length == 0 ? null : source });
            }

            return Result<IReadOnlyList<Payload>>.Success(payloads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Result<IReadOnlyList<Payload>>.Failure("payloads", $"the job's sample payloads could not be read back from {path} while it waited: {e.Message}");
        }
        finally
        {
            Delete(path);
        }
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file left behind is deleted at the next start.
        }
    }
}
