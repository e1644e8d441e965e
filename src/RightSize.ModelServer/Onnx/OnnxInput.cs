using System.Globalization;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RightSize.ModelServer.Onnx;

/// <summary>One input the model takes: its name, element type and dimensions (-1 where the model leaves one free).</summary>
internal sealed record OnnxInput(string Name, TensorElementType ElementType, long[] Dimensions)
{
    /// <summary>The input's shape as errors show it: free dimensions are <c>?</c>, e.g. <c>[?, 64]</c>.</summary>
    public string Shape => string.Create(CultureInfo.InvariantCulture, $"[{string.Join(", ", Dimensions.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]");

    public string TypeName => OnnxElementTypes.Name(ElementType);

    /// <summary>The values one row (batch entry) has, or null when a dimension after the first is free.</summary>
    public long? RowLength => Dimensions.Length == 0 || Dimensions.Skip(1).Any(d => d < 0) ? null : Dimensions.Skip(1).Aggregate(1L, (a, d) => a * d);

    /// <summary>Null when <paramref name="shape"/> fits the model, else the error naming the input and both shapes.</summary>
    public string? Check(ReadOnlySpan<long> shape)
    {
        var fits = shape.Length == Dimensions.Length;
        for (var i = 0; fits && i < shape.Length; i++)
        {
            fits = Dimensions[i] < 0 || Dimensions[i] == shape[i];
        }

        return fits ? null : $"input '{Name}' expects shape {Shape} ({TypeName}) but received {Format(shape)}";
    }

    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return $"[{string.Join(", ", parts)}]";
    }
}

/// <summary>The element types builtin:onnx reads and writes, with the names numpy and errors use.</summary>
internal static class OnnxElementTypes
{
    public static bool IsSupported(TensorElementType type)
        => type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Int64 or TensorElementType.Int32;

    public static int Size(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 => 4,
        _ => 8,
    };

    public static bool IsInteger(TensorElementType type) => type is TensorElementType.Int64 or TensorElementType.Int32;

    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        _ => type.ToString().ToLowerInvariant(),
    };
}
