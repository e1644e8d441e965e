using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RightSize.Endpoints;

/// <summary>
/// The folder where local endpoints' pid files live. A planted pid file could make a root RightSize kill any process,
/// and a folder replaced by a symlink could make it delete files elsewhere, so the folder must be a real directory
/// owned by this user with mode 0700, checked before every use: <c>$XDG_RUNTIME_DIR/rightsize/endpoints</c>,
/// <c>/run/rightsize/endpoints</c> for root, else <c>$TMPDIR/rightsize-UID/endpoints</c>.
/// </summary>
public static partial class StateFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28;
    private const int SIfMt = 0xF000;
    private const int SIfDir = 0x4000;
    private const int SIfReg = 0x8000;

    /// <summary>The default folder for this user.</summary>
    public static string Default { get; } = DefaultFor(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), EffectiveUserId());

    internal static string DefaultFor(string? runtimeDirectory, uint uid) =>
        runtimeDirectory is { Length: > 0 } && Path.IsPathFullyQualified(runtimeDirectory) && Directory.Exists(runtimeDirectory)
            ? Path.Combine(runtimeDirectory, "rightsize", "endpoints")
            : uid == 0 ? "/run/rightsize/endpoints"
            : Path.Combine(Path.GetTempPath(), $"rightsize-{uid.ToString(CultureInfo.InvariantCulture)}", "endpoints");

    /// <summary>
    /// Creates the folder (mode 0700) when missing and checks it and the parent it would create: real directories, owned
    /// by this user, no access for others. Null when it is safe to use; otherwise why not, calling it <paramref name="what"/>.
    /// </summary>
    public static string? Prepare(string folder, string what = "endpoint state folder")
    {
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full);
        var createsParent = parent is not null && !Directory.Exists(parent);
        try
        {
            if (createsParent)
            {
                CreateOwnerOnly(parent!);
            }

            CreateOwnerOnly(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create the {what} {full}: {e.Message}";
        }

        return Check(full, what) ?? (createsParent ? Check(parent!, what) : null);
    }

    /// <summary>Null when <paramref name="folder"/> is a directory (not a symlink) owned by this user with no access for others.</summary>
    public static string? Check(string folder, string what = "endpoint state folder")
    {
        if (Stat(folder) is not var (uid, mode))
        {
            return $"the {what} {folder} cannot be examined";
        }

        if ((mode & SIfMt) != SIfDir)
        {
            return $"the {what} {folder} is a symlink or not a directory: remove it, or choose another folder";
        }

        if (uid != EffectiveUserId())
        {
            return $"the {what} {folder} belongs to user {uid}, not to this user ({EffectiveUserId()}): remove it, or choose another folder";
        }

        return (mode & 0x3F) != 0
            ? $"the {what} {folder} is open to other users (mode {Convert.ToString(mode & 0x1FF, 8)}): make it 0700 (chmod 700), or remove it"
            : null;
    }

    private static void CreateOwnerOnly(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }
    }

    /// <summary>True for a regular file (not a symlink) owned by this user.</summary>
    internal static bool IsOwnRegularFile(string path) => Stat(path) is var (uid, mode) && (mode & SIfMt) == SIfReg && uid == EffectiveUserId();

    internal static uint EffectiveUserId() => OperatingSystem.IsLinux() ? GetEffectiveUserId() : 0;

    /// <summary>Owner and mode of the path itself (symlinks not followed), by statx, whose layout is the same on every architecture.</summary>
    private static (uint Uid, int Mode)? Stat(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        return StatX(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0
            ? null
            : (BinaryPrimitives.ReadUInt32LittleEndian(buffer[StatxUidOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(buffer[StatxModeOffset..]));
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatX(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
