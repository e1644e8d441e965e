using System.Text;
using RightSize.Load.Http;

namespace RightSize.Core.Tests.Load.Http;

/// <summary>The parser hands a caller the body it unframes, whatever the split of the bytes between reads.</summary>
public sealed class Http1ResponseParserBodyTests
{
    private const string Chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "b;ext=1\r\ndata: one\n\n\r\n" + "1\r\nd\r\n" + "a\r\nata: two\n\n\r\n" + "0\r\nTrailer: x\r\n\r\n";

    private const string Body = "data: one\n\ndata: two\n\n";

    [Fact]
    public void A_chunked_body_split_at_every_byte_boundary_comes_out_whole_and_once()
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var (body, head) = Parse(bytes[..split], bytes[split..]);

            Assert.Equal((Body, 200, true), (body, head.Status, head.EventStream));
        }
    }

    [Fact]
    public void A_chunked_body_fed_byte_by_byte_comes_out_whole()
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked);

        var (body, _) = Parse([.. bytes.Select(b => new[] { b })]);

        Assert.Equal(Body, body);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "hello", false)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: TEXT/Event-Stream\r\nContent-Length: 2\r\n\r\nhi", "hi", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", "{}", false)]
    public void A_length_framed_body_is_handed_over_after_the_final_head(string response, string expected, bool eventStream)
    {
        var bytes = Encoding.ASCII.GetBytes(response);

        var (body, head) = Parse(bytes[..^1], bytes[^1..]);

        Assert.Equal((expected, eventStream), (body, head.EventStream));
    }

    /// <summary>Feeds each read after what the parser left of the ones before, as a streamed connection does.</summary>
    private static (string Body, Http1Head Head) Parse(params byte[][] reads)
    {
        var parser = default(Http1ResponseParser);
        parser.Reset(headRequest: false);
        var reader = new Collect { Bytes = [] };
        var carry = Array.Empty<byte>();
        foreach (var read in reads)
        {
            byte[] data = [.. carry, .. read];
            carry = data[parser.Feed(data, ref reader)..];
        }

        Assert.True(parser.IsDone);
        Assert.Empty(carry);
        return (Encoding.ASCII.GetString([.. reader.Bytes]), reader.Final);
    }

    private struct Collect : IHttp1BodyReader
    {
        public List<byte> Bytes;
        public Http1Head Final;

        public void Head(in Http1Head head) => Final = head;

        public readonly void Body(ReadOnlySpan<byte> bytes) => Bytes.AddRange(bytes);
    }
}
