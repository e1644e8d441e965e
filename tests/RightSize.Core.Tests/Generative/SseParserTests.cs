using System.Text;
using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

public sealed class SseParserTests
{
    private const string Stream =
        ": keep-alive comment\r\ndata: {\"a\":\"é\"}\r\n\r\nevent: x\ndata:first\ndata: second\n\ndata: [DONE]\r\r";

    private static readonly string[] Expected = ["{\"a\":\"é\"}", "first\nsecond", "[DONE]"];

    [Fact]
    public void Events_come_out_the_same_wherever_the_reads_split_the_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            for (var second = split; second <= bytes.Length; second++)
            {
                var parser = new SseParser();
                var events = new List<SseEvent>();
                parser.Feed(bytes.AsSpan(0, split), events);
                parser.Feed(bytes.AsSpan(split, second - split), events);
                parser.Feed(bytes.AsSpan(second), events);
                Assert.Equal(Expected, events.Select(e => e.Data));
                Assert.False(parser.HasPartialEvent);
            }
        }
    }

    [Fact]
    public void Byte_by_byte_reads_give_the_same_events_and_a_cut_leaves_a_partial_event()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        foreach (var b in Encoding.UTF8.GetBytes(Stream + "data: {\"cut"))
        {
            parser.Feed([b], events);
        }

        Assert.Equal(Expected, events.Select(e => e.Data));
        Assert.True(parser.HasPartialEvent);
    }

    [Fact]
    public void A_send_stamp_comment_goes_with_its_event_and_other_comments_do_not()
    {
        var parser = new SseParser();
        var events = new List<SseEvent>();
        parser.Feed(": rightsize-sent-ns 123456789\ndata: a\n\n: rightsize-sent-ns x\n: other 5\ndata: b\n\ndata: c\n\n"u8, events);
        Assert.Equal([new SseEvent("a", 123456789), new SseEvent("b", null), new SseEvent("c", null)], events);
    }
}
