using System.Buffers;
using System.Buffers.Binary;

namespace RightSize.Load;

/// <summary>
/// Unsigned LEB128 varints (7 bits a byte, low bits first, as protobuf): small counts take one byte. Reading never
/// throws: a truncated or overlong value makes <see cref="VarintReader.Failed"/> true.
/// </summary>
internal static class Varint
{
    public const int MaxBytes = 10;

    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(MaxBytes);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        writer.Advance(n);
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }
}

/// <summary>Reads what <see cref="Varint"/> wrote; the first error sticks and every later read returns 0.</summary>
internal ref struct VarintReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public bool Failed { get; private set; }

    public readonly bool AtEnd => Position == _data.Length;

    public ulong Read()
    {
        ulong value = 0;
        for (var shift = 0; !Failed && Position < _data.Length && shift < 64; shift += 7)
        {
            var b = _data[Position++];
            // The tenth byte may hold only the 64th bit.
            if (shift == 63 && b > 1)
            {
                break;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        Failed = true;
        return 0;
    }

    /// <summary>A varint that must fit <paramref name="max"/>; larger ones fail the reader.</summary>
    public long Read(long max)
    {
        var value = Read();
        if (value > (ulong)max)
        {
            Failed = true;
            return 0;
        }

        return (long)value;
    }

    public double ReadDouble()
    {
        if (Failed || _data.Length - Position < 8)
        {
            Failed = true;
            return 0;
        }

        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data[Position..]);
        Position += 8;
        return value;
    }
}
