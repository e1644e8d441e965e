using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime.Tensors;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// One request tensor for one model input, written in the input's own element type into a pooled buffer (return it
/// with <see cref="Dispose"/>). Values are appended in row-major order; the shape is set once it is known.
/// </summary>
internal sealed class InputTensor : IDisposable
{
    private readonly PooledBufferWriter _buffer;

    public InputTensor(OnnxInput input, int capacity)
    {
        Input = input;
        ElementSize = OnnxElementTypes.Size(input.ElementType);
        _buffer = new PooledBufferWriter(Math.Max(capacity, 1) * ElementSize);
    }

    public OnnxInput Input { get; }

    public int ElementSize { get; }

    public long[] Shape { get; set; } = [];

    public ReadOnlyMemory<byte> Bytes => _buffer.WrittenMemory;

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
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    public void Dispose() => _buffer.Dispose();

    private Span<byte> Next()
    {
        var slot = _buffer.GetSpan(ElementSize)[..ElementSize];
        _buffer.Advance(ElementSize);
        return slot;
    }
}
