using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// Writes the model's outputs. JSON: <c>{"predictions": tensor}</c> for one output, <c>{"outputs": {name: tensor}}</c>
/// for several (tensors as nested arrays, the batch outermost; NaN and infinities as null). CSV (one output): one line
/// per batch row, the row's values flattened.
/// </summary>
internal static class OnnxOutputWriter
{
    public static void WriteJson(IBufferWriter<byte> destination, IReadOnlyList<string> names, IReadOnlyCollection<OrtValue> outputs)
    {
        using var writer = new Utf8JsonWriter(destination);
        writer.WriteStartObject();
        if (outputs.Count == 1)
        {
            writer.WritePropertyName("predictions"u8);
            WriteTensor(writer, outputs.First());
        }
        else
        {
            writer.WriteStartObject("outputs"u8);
            var i = 0;
            foreach (var output in outputs)
            {
                writer.WritePropertyName(names[i++]);
                WriteTensor(writer, output);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        destination.Write("\n"u8);
    }

    public static void WriteCsv(IBufferWriter<byte> destination, OrtValue output)
    {
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        var rowLength = shape.Length <= 1 ? 1 : shape.Skip(1).Aggregate(1L, (a, d) => a * d);
        var values = output.GetTensorMutableRawData();
        var size = OnnxElementTypes.Size(info.ElementDataType);
        var count = values.Length / size;
        for (var i = 0; i < count; i++)
        {
            var span = destination.GetSpan(40);
            var written = Format(span, values.Slice(i * size, size), info.ElementDataType);
            span[written++] = (i + 1) % rowLength == 0 ? (byte)'\n' : (byte)',';
            destination.Advance(written);
        }
    }

    /// <summary>The single output as a .npy array (numpy.load reads it).</summary>
    public static void WriteNpy(IBufferWriter<byte> destination, OrtValue output)
    {
        var info = output.GetTensorTypeAndShape();
        NpyFormat.Write(destination, info.ElementDataType, info.Shape, output.GetTensorMutableRawData());
    }

    private static void WriteTensor(Utf8JsonWriter writer, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var values = value.GetTensorMutableRawData();
        var index = 0;
        WriteLevel(writer, info.Shape, 0, values, OnnxElementTypes.Size(info.ElementDataType), info.ElementDataType, ref index);
    }

    private static void WriteLevel(
        Utf8JsonWriter writer, long[] shape, int depth, Span<byte> values, int size, TensorElementType type, ref int index)
    {
        if (depth == shape.Length)
        {
            WriteValue(writer, values.Slice(index++ * size, size), type);
            return;
        }

        writer.WriteStartArray();
        for (var i = 0L; i < shape[depth]; i++)
        {
            WriteLevel(writer, shape, depth + 1, values, size, type, ref index);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, ReadOnlySpan<byte> value, TensorElementType type)
    {
        switch (type)
        {
            case TensorElementType.Float when float.IsFinite(MemoryMarshal.Read<float>(value)):
                writer.WriteNumberValue(MemoryMarshal.Read<float>(value));
                break;
            case TensorElementType.Double when double.IsFinite(MemoryMarshal.Read<double>(value)):
                writer.WriteNumberValue(MemoryMarshal.Read<double>(value));
                break;
            case TensorElementType.Int64:
                writer.WriteNumberValue(MemoryMarshal.Read<long>(value));
                break;
            case TensorElementType.Int32:
                writer.WriteNumberValue(MemoryMarshal.Read<int>(value));
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static int Format(Span<byte> destination, ReadOnlySpan<byte> value, TensorElementType type)
    {
        var culture = CultureInfo.InvariantCulture;
        int written;
        _ = type switch
        {
            TensorElementType.Float => MemoryMarshal.Read<float>(value).TryFormat(destination, out written, default, culture),
            TensorElementType.Double => MemoryMarshal.Read<double>(value).TryFormat(destination, out written, default, culture),
            TensorElementType.Int64 => MemoryMarshal.Read<long>(value).TryFormat(destination, out written, default, culture),
            _ => MemoryMarshal.Read<int>(value).TryFormat(destination, out written, default, culture),
        };
        return written;
    }
}
