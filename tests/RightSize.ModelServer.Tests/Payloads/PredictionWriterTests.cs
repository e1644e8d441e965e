using System.Text;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class PredictionWriterTests
{
    private static string Write(float[] predictions, int width, PayloadFormat format)
    {
        var buffer = new byte[PredictionWriter.MaxBytes(predictions.Length / width, width)];
        return Encoding.UTF8.GetString(buffer, 0, PredictionWriter.Write(buffer, predictions, width, format));
    }

    [Fact]
    public void Csv_has_one_line_per_row()
    {
        Assert.Equal("0.25\n1E-05\n", Write([0.25f, 1e-5f], 1, PayloadFormat.Csv));
        Assert.Equal("0.1,0.9\n0.5,0.5\n", Write([0.1f, 0.9f, 0.5f, 0.5f], 2, PayloadFormat.Csv));
    }

    [Fact]
    public void Json_has_a_number_or_a_list_per_row()
    {
        Assert.Equal("{\"predictions\":[0.25,3]}\n", Write([0.25f, 3f], 1, PayloadFormat.Json));
        Assert.Equal("{\"predictions\":[[0.1,0.9],[0.5,0.5]]}\n", Write([0.1f, 0.9f, 0.5f, 0.5f], 2, PayloadFormat.Json));
        Assert.Equal("{\"predictions\":[null]}\n", Write([float.NaN], 1, PayloadFormat.Json));
    }

    [Fact]
    public void Worst_case_numbers_fit_the_size_estimate()
    {
        var predictions = Enumerable.Repeat(-1.2345678E-38f, 30).ToArray();

        Assert.Contains("-1.2345678E-38", Write(predictions, 3, PayloadFormat.Json), StringComparison.Ordinal);
    }
}
