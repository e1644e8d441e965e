using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Writes_past_the_initial_capacity_keep_everything_written_in_order()
    {
        using var writer = new PooledBufferWriter(16);

        for (var i = 0; i < 1000; i++)
        {
            var span = writer.GetSpan(3);
            span[0] = (byte)i;
            span[1] = (byte)(i >> 8);
            span[2] = 0xAB;
            writer.Advance(3);
        }

        Assert.Equal(3000, writer.WrittenCount);
        var written = writer.WrittenMemory.Span;
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal([(byte)i, (byte)(i >> 8), 0xAB], written.Slice(i * 3, 3).ToArray());
        }
    }
}
