using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>The Linux calls the epoll client makes, with the constants it needs (values from the Linux UAPI headers).</summary>
internal static unsafe partial class Libc
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;

    public const int SockStream = 1;
    public const int SockNonblock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int IpProtoTcp = 6;
    public const int TcpNodelay = 1;
    public const int SolSocket = 1;
    public const int SoError = 4;

    /// <summary>SO_TIMESTAMPNS (the "old" one, a struct timespec of two longs): each read's control data carries the kernel's receive time, on CLOCK_REALTIME.</summary>
    public const int SoTimestampns = 35;
    public const int MsgNosignal = 0x4000;
    public const int EfdNonblock = 0x800;
    public const int EfdCloexec = 0x80000;

    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Einprogress = 115;

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events at 0, data at 4) and naturally aligned elsewhere
    /// (16 bytes: data at 8).
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Whether this process can use the epoll client: Linux, where these calls exist.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Registers or changes <paramref name="fd"/>'s interest; <paramref name="data"/> comes back with its events.</summary>
    public static int Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, events);
        Unsafe.WriteUnaligned(ev + EpollDataOffset, data);
        return EpollCtl(epfd, op, fd, ev);
    }

    /// <summary>struct msghdr (64-bit Linux: natural alignment gives the kernel's layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>
    /// The kernel's receive time in the control data of a <see cref="RecvMsg"/> on a socket with
    /// <see cref="SoTimestampns"/>, in ns since the Unix epoch, or -1. A cmsghdr is a size_t length, an int level and an
    /// int type (16 bytes on 64-bit), then the timespec.
    /// </summary>
    public static long ReceiveTime(in MsgHdr message)
    {
        if (message.ControlLength < 32 || Unsafe.ReadUnaligned<nuint>(message.Control) < 32
            || Unsafe.ReadUnaligned<int>(message.Control + 8) != SolSocket || Unsafe.ReadUnaligned<int>(message.Control + 12) != SoTimestampns)
        {
            return -1;
        }

        return (Unsafe.ReadUnaligned<long>(message.Control + 16) * 1_000_000_000) + Unsafe.ReadUnaligned<long>(message.Control + 24);
    }
}
