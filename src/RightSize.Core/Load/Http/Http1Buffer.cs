using System.Runtime.CompilerServices;
namespace RightSize.Load.Http;

/// <summary>
/// A connection's receive buffer: bytes received but not yet consumed by the parser. It starts small, as 10,000 users
/// hold 10,000 of them, and grows to 64 KB for long heads and large bodies; a head or chunk line longer than that is
/// an error.
/// </summary>
internal struct Http1Buffer()
{
    private const int InitialBytes = 4 * 1024;
    private const int MaxBytes = 64 * 1024;

    private byte[] _bytes = new byte[InitialBytes];
    private int _start;
    private int _end;

    /// <summary>Where the next receive goes, after making room for it; <paramref name="expected"/> bytes of body or more grow it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Memory<byte> FreeSpace(long expected)
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (expected > _bytes.Length && _bytes.Length < MaxBytes)
            {
                // Fewer, larger reads for large bodies.
                _bytes = new byte[MaxBytes];
            }
        }
        else if (_end == _bytes.Length)
        {
            if (_start > 0)
            {
                _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
                _end -= _start;
                _start = 0;
            }
            else if (_bytes.Length < MaxBytes)
            {
                Array.Resize(ref _bytes, Math.Min(MaxBytes, _bytes.Length * 2));
            }
            else
            {
                throw new IOException($"a response head or chunk line exceeds {MaxBytes / 1024} KB");
            }
        }

        return _bytes.AsMemory(_end);
    }

    public void Received(int count) => _end += count;

    /// <summary>Drops unconsumed bytes: they belonged to a connection that is gone.</summary>
    public void Clear() => _start = _end = 0;

    /// <summary>Feeds the unconsumed bytes to <paramref name="parser"/> and drops what it consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Consume(ref Http1ResponseParser parser) =>
        _start += parser.Feed(_bytes.AsSpan(_start, _end - _start));
}
