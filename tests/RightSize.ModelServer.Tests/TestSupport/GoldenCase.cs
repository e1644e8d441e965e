using System.Globalization;

namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>A model trained by scripts/xgboost/make_golden.py with its inputs and xgboost 1.7's predictions.</summary>
internal sealed record GoldenCase(string Name)
{
    public static TheoryData<string> Names { get; } = new(
        "reg-squarederror", "reg-logistic", "binary-logistic", "binary-logitraw", "multi-softprob", "multi-softmax",
        "multi-softprob-digits");

    public string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", Name);

    public string InputCsv => File.ReadAllText(Path.Combine(Directory, "input.csv"));

    public float[][] Expected => [.. ReadRows(Path.Combine(Directory, "expected.csv"))];

    public static IEnumerable<float[]> ReadRows(string path) => ReadRowsFromText(File.ReadAllText(path));

    public static float[][] ReadRowsFromText(string text)
        => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseRow)];

    public static float[] ParseRow(string line)
        => [.. line.Split(',').Select(cell => cell.Length == 0 ? float.NaN : float.Parse(cell, CultureInfo.InvariantCulture))];

    /// <summary>Agreement within 1e-5, relative to the value's size when it is above 1.</summary>
    public static void AssertClose(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var row = 0; row < expected.Length; row++)
        {
            Assert.Equal(expected[row].Length, actual[row].Length);
            for (var i = 0; i < expected[row].Length; i++)
            {
                var tolerance = 1e-5 * Math.Max(1, Math.Abs(expected[row][i]));
                Assert.True(Math.Abs(expected[row][i] - actual[row][i]) <= tolerance,
                    $"row {row + 1}, value {i + 1}: expected {expected[row][i]}, got {actual[row][i]}");
            }
        }
    }
}
