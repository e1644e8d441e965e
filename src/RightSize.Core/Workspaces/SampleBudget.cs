namespace RightSize.Workspaces;

/// <summary>Which sample files count, and the running totals that enforce <see cref="PayloadLimits"/>.</summary>
internal sealed class SampleBudget(PayloadLimits limits, string location)
{
    private long _totalBytes;
    private int _files;

    /// <summary>Hidden files and folders (<c>.DS_Store</c>, macOS <c>._*</c> forks, <c>.git</c>) are not samples.</summary>
    public static bool IsHidden(string relativeName) =>
        relativeName.Split('/', '\\').Any(part => part.Length > 1 && part[0] == '.' && part != "..");

    /// <summary>Null when the file fits, else the message naming it.</summary>
    public string? Admit(string name, long length)
    {
        if (++_files > limits.MaxFiles)
        {
            return $"'{location}' holds more than {limits.MaxFiles} sample files; keep at most {limits.MaxFiles}";
        }

        if (length > limits.MaxFileBytes)
        {
            return $"'{name}' in '{location}' is {length} bytes, over the {limits.MaxFileBytes}-byte payload limit";
        }

        _totalBytes += length;
        return _totalBytes > limits.MaxTotalBytes
            ? $"the samples in '{location}' exceed {limits.MaxTotalBytes} bytes in total (at '{name}')"
            : null;
    }
}
