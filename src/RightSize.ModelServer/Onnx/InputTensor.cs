using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// One request tensor for one model input, written in the input's own element type into a pooled buffer (return it
/// with <see cref="Dispose"/>). Values are appended in row-major order; the shape is set once it is known.
/// </summary>
internal sealed class InputTensor : IDisposable
{
    private byte[] _buffer;

    public InputTensor(OnnxInput input, int capacity)
    {
        Input = input;
        ElementSize = OnnxElementTypes.Size(input.ElementType);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1) * ElementSize);
    }

    public OnnxInput Input { get; }

    public int ElementSize { get; }

    public long[] Shape { get; set; } = [];

    public int Count { get; private set; }

    public Memory<byte> Bytes => _buffer.AsMemory(0, Count * ElementSize);

    /// <summary>Appends a value given as a double (floats and whole numbers that fit the integer type).</summary>
    public void Add(double value)
    {
        var slot = Next();
        switch (Input.ElementType)
        {
            case TensorElementType.Float:
                MemoryMarshal.Write(slot, (float)value);
                break;
            case TensorElementType.Double:
                MemoryMarshal.Write(slot, value);
                break;
            case TensorElementType.Int64:
                MemoryMarshal.Write(slot, (long)value);
                break;
            default:
                MemoryMarshal.Write(slot, (int)value);
                break;
        }
    }

    /// <summary>Appends a whole number that fits the integer input type (exact beyond 2^53, unlike a double).</summary>
    public void Add(long value)
    {
        var slot = Next();
        if (Input.ElementType == TensorElementType.Int64)
        {
            MemoryMarshal.Write(slot, value);
        }
        else
        {
            MemoryMarshal.Write(slot, (int)value);
        }
    }

    /// <summary>Appends <paramref name="bytes"/>, already in the input's element type (little-endian).</summary>
    public void AddRaw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length / ElementSize);
        bytes.CopyTo(_buffer.AsSpan(Count * ElementSize));
        Count += bytes.Length / ElementSize;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Count = 0;
    }

    private Span<byte> Next()
    {
        Reserve(1);
        Count++;
        return _buffer.AsSpan((Count - 1) * ElementSize, ElementSize);
    }

    private void Reserve(int values)
    {
        var needed = (Count + values) * ElementSize;
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, Count * ElementSize).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
