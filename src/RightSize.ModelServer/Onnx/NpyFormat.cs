using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// numpy's <c>.npy</c> format (<c>application/x-npy</c>), as <c>numpy.save</c> writes it: a magic string, a version, a
/// Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the array's bytes in C order.
/// </summary>
internal static partial class NpyFormat
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads one array into <paramref name="tensor"/>; null when its dtype and shape fit the input, else the error.</summary>
    public static string? Read(ReadOnlySpan<byte> body, InputTensor tensor)
    {
        var input = tensor.Input;
        if (body.Length < 10 || !body.StartsWith(Magic))
        {
            return "the request is not a .npy array (no \\x93NUMPY magic); send the bytes numpy.save writes";
        }

        var headerStart = body[6] == 1 ? 10 : 12;
        var headerLength = body[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) : (int)BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        if (body[6] is < 1 or > 3 || body.Length < headerStart + headerLength)
        {
            return $"the .npy header is cut short or of an unknown version ({body[6]}); send the bytes numpy.save writes";
        }

        var header = Encoding.Latin1.GetString(body.Slice(headerStart, headerLength));
        var descr = DescrPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !shape.Success)
        {
            return $"the .npy header '{header.Trim()}' has no descr or shape";
        }

        if (FortranPattern().IsMatch(header))
        {
            return "the .npy array is in Fortran order; save a C-ordered array (numpy.ascontiguousarray)";
        }

        var expected = Descr(input.ElementType);
        if (descr.Groups[1].Value != expected)
        {
            return $"input '{input.Name}' is {input.TypeName} ('{expected}') but the .npy array is '{descr.Groups[1].Value}'; "
                + $"convert it with array.astype(numpy.{input.TypeName})";
        }

        long[] dimensions = [.. shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))];
        var data = body[(headerStart + headerLength)..];
        var count = dimensions.Aggregate(1L, (a, d) => a * d);
        if (data.Length != count * tensor.ElementSize)
        {
            return $"the .npy array of shape {OnnxInput.Format(dimensions)} needs {count * tensor.ElementSize} bytes of data but has {data.Length}";
        }

        tensor.AddRaw(data);
        tensor.Shape = dimensions;
        return input.Check(dimensions);
    }

    /// <summary>Writes one tensor as a version 1.0 .npy array.</summary>
    public static void Write(IBufferWriter<byte> destination, TensorElementType type, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
    {
        var dimensions = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.ToArray());
        var dict = $"{{'descr': '{Descr(type)}', 'fortran_order': False, 'shape': ({dimensions}), }}";
        // numpy pads the header with spaces so that the data starts at a multiple of 64 bytes, and ends it with \n.
        var length = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (length % 64)) % 64) + "\n";
        var prefix = destination.GetSpan(10);
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)padded.Length);
        destination.Advance(10);
        destination.Write(Encoding.Latin1.GetBytes(padded));
        destination.Write(data);
    }

    private static string Descr(TensorElementType type) => type switch
    {
        TensorElementType.Float => "<f4",
        TensorElementType.Double => "<f8",
        TensorElementType.Int64 => "<i8",
        _ => "<i4",
    };

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();
}
