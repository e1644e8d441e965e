using System.Text.Json;

namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>A model made by scripts/onnx/make_models.py with a request and torch's outputs for it.</summary>
internal sealed record OnnxGoldenCase(string Name)
{
    public static TheoryData<string> Names { get; } = new("mlp-digits", "cnn-digits", "transformer-encoder");

    /// <summary>The single-input models, whose rows have a fixed shape and so can be sent as CSV.</summary>
    public static TheoryData<string> CsvNames { get; } = new("mlp-digits", "cnn-digits");

    public string Directory => Path.Combine(AppContext.BaseDirectory, "OnnxGolden", Name);

    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public byte[] ReadBytes(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public double[][] Expected => Rows(JsonDocument.Parse(Read("expected.json")).RootElement.GetProperty("predictions"));

    public static double[][] Rows(JsonElement predictions)
        => [.. predictions.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    /// <summary>The bar: every output within 1e-5 of torch's, absolute.</summary>
    public static void AssertClose(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var row = 0; row < expected.Length; row++)
        {
            Assert.Equal(expected[row].Length, actual[row].Length);
            for (var i = 0; i < expected[row].Length; i++)
            {
                Assert.True(Math.Abs(expected[row][i] - actual[row][i]) <= 1e-5,
                    $"row {row + 1}, value {i + 1}: torch {expected[row][i]}, served {actual[row][i]}");
            }
        }
    }
}
