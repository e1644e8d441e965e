using RightSize.Load;

namespace RightSize.Cli.Commands;

/// <summary>The <c>--body-file</c> option of <c>load</c> and <c>autoscaling find-peak</c>: the request body to send.</summary>
internal static class BodyFile
{
    /// <summary>The file's bytes as a payload; null when no file was given; a missing file is an error naming the option.</summary>
    public static async Task<Payload?> ReadAsync(FileInfo? file, string contentType, List<string> errors, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        if (!file.Exists)
        {
            errors.Add($"--body-file: {file.FullName} does not exist");
            return null;
        }

        return new Payload(await File.ReadAllBytesAsync(file.FullName, cancellationToken), contentType) { Source = file.FullName };
    }
}
