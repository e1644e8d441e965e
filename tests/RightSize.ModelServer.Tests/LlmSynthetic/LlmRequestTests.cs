using System.Text.Json;
using RightSize.ModelServer.LlmSynthetic;

namespace RightSize.ModelServer.Tests.LlmSynthetic;

public sealed class LlmRequestTests
{
    private static LlmRequest Parse(string json, LlmProtocol? route = null)
    {
        var parsed = LlmRequest.Parse(route, JsonDocument.Parse(json).RootElement);
        Assert.True(parsed.Succeeded, parsed.Error);
        return parsed.Value;
    }

    private static string Error(string json, LlmProtocol? route = null)
        => LlmRequest.Parse(route, JsonDocument.Parse(json).RootElement).Error!;

    [Fact]
    public void Chat_counts_the_words_of_every_message_and_reads_max_completion_tokens_first()
    {
        var request = Parse("""
            {"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":" one two\nthree "}]}],
             "max_tokens":5,"max_completion_tokens":7,"stream":true,"stream_options":{"include_usage":true}}
            """, LlmProtocol.ChatCompletions);

        Assert.Equal(new LlmRequest(LlmProtocol.ChatCompletions, "m", 5, 7, true, true), request);
    }

    [Fact]
    public void Invocations_tell_the_protocol_from_the_body()
    {
        Assert.Equal(LlmProtocol.ChatCompletions, Parse("""{"messages":[{"role":"user","content":"a"}]}""").Protocol);
        Assert.Equal(LlmProtocol.Completions, Parse("""{"prompt":"a b"}""").Protocol);
        var tgi = Parse("""{"inputs":"a b c","parameters":{"max_new_tokens":9},"stream":true}""");
        Assert.Equal(new LlmRequest(LlmProtocol.Tgi, "llm-synthetic", 3, 9, true, false), tgi);
    }

    [Fact]
    public void Bad_requests_name_the_field()
    {
        Assert.StartsWith("messages:", Error("""{"model":"m"}""", LlmProtocol.ChatCompletions));
        Assert.StartsWith("messages[0].content:", Error("""{"messages":[{"content":5}]}""", LlmProtocol.ChatCompletions));
        Assert.StartsWith("max_tokens:", Error("""{"prompt":"a","max_tokens":0}""", LlmProtocol.Completions));
        Assert.StartsWith("max_new_tokens:", Error("""{"inputs":"a","parameters":{"max_new_tokens":"many"}}"""));
        Assert.StartsWith("inputs:", Error("""{"parameters":{}}"""));
        Assert.StartsWith("the body must be a JSON object", Error("[1]"));
    }
}
