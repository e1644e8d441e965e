using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

public sealed class StreamEventTests
{
    [Fact]
    public void Openai_chunks_give_text_usage_and_the_end_and_a_role_chunk_gives_no_text()
    {
        Assert.Null(StreamEvent.Read(GenerativeProtocol.OpenAiChat, """{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""").Text);
        Assert.Equal(" hi", StreamEvent.Read(GenerativeProtocol.OpenAiChat, """{"choices":[{"index":0,"delta":{"content":" hi"}}],"usage":null}""").Text);
        Assert.Equal(" hi", StreamEvent.Read(GenerativeProtocol.OpenAiCompletions, """{"choices":[{"index":0,"text":" hi"}]}""").Text);
        var usage = StreamEvent.Read(GenerativeProtocol.OpenAiChat, """{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}""");
        Assert.Equal((7, 3), (usage.PromptTokens, usage.CompletionTokens));
        Assert.True(StreamEvent.Read(GenerativeProtocol.OpenAiChat, "[DONE]").Done);
    }

    [Fact]
    public void Tgi_events_end_with_details_and_special_tokens_carry_no_text()
    {
        var last = StreamEvent.Read(GenerativeProtocol.Tgi, """{"token":{"id":1,"text":" b","special":false},"generated_text":"a b","details":{"finish_reason":"length","generated_tokens":2}}""");
        Assert.Equal((" b", 2, true), (last.Text, last.CompletionTokens, last.Done));
        Assert.Null(StreamEvent.Read(GenerativeProtocol.Tgi, """{"token":{"id":2,"text":"</s>","special":true}}""").Text);
    }

    [Theory]
    [InlineData(GenerativeProtocol.OpenAiChat, "{not json")]
    [InlineData(GenerativeProtocol.OpenAiChat, "[1,2]")]
    [InlineData(GenerativeProtocol.OpenAiChat, """{"id":"x"}""")]
    [InlineData(GenerativeProtocol.OpenAiChat, """{"error":{"message":"overloaded"}}""")]
    [InlineData(GenerativeProtocol.OpenAiChat, """{"choices":[1]}""")]
    [InlineData(GenerativeProtocol.OpenAiCompletions, """{"choices":["text"]}""")]
    [InlineData(GenerativeProtocol.Tgi, """{"generated_text":null}""")]
    [InlineData(GenerativeProtocol.Tgi, """{"token":{"id":-1,"text":"","special_token":true},"details":{"finish_reason":"error"}}""")]
    public void Events_that_are_not_the_protocols_shape_are_malformed(GenerativeProtocol protocol, string data)
    {
        Assert.NotNull(StreamEvent.Read(protocol, data).Malformed);
    }
}
