using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.LlmSynthetic;

/// <summary>The simulated LLM engine over real HTTP: the three protocols, streaming and buffered, and bad requests.</summary>
public sealed class LlmServerTests
{
    private static readonly Dictionary<string, string> Knobs = new()
    {
        ["RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN"] = "2",
        ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "10",
        ["RIGHTSIZE_LLM_KV_TOKENS"] = "1000",
    };

    private static Task<TestServer> StartAsync() => TestServer.StartAsync(["--llm-synthetic"], Knobs);

    private static async Task<(HttpStatusCode Status, string? ContentType, List<(TimeSpan At, string Data)> Events)> StreamAsync(
        TestServer server, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var sent = Stopwatch.StartNew();
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new List<(TimeSpan, string)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((sent.Elapsed, line["data: ".Length..]));
            }
        }

        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, events);
    }

    [Fact]
    public async Task Chat_streams_a_role_chunk_one_chunk_per_token_the_usage_and_done_never_before_the_tokens_are_due()
    {
        await using var server = await StartAsync();
        // 20 words x 2 ms prefill = 40 ms to the first token, then 10 ms per token.
        var prompt = string.Join(' ', Enumerable.Repeat("word", 20));
        var (status, contentType, events) = await StreamAsync(server, "/v1/chat/completions",
            $$$"""{"model":"tiny","messages":[{"role":"user","content":"{{{prompt}}}"}],"max_tokens":5,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal((HttpStatusCode.OK, "text/event-stream"), (status, contentType));
        Assert.Equal(8, events.Count);
        Assert.Equal("assistant", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var tokens = events.Skip(1).Take(5).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("choices")[0]).ToList();
        Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t.GetProperty("delta").GetProperty("content").GetString())));
        Assert.Equal("length", tokens[4].GetProperty("finish_reason").GetString());
        var usage = JsonDocument.Parse(events[6].Data).RootElement;
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal((20, 5, 25), (usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(),
            usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usage.GetProperty("usage").GetProperty("total_tokens").GetInt32()));
        Assert.Equal("[DONE]", events[7].Data);
        // Due times are a floor: timers only make tokens late. The client clock starts before the server's, so no slack.
        Assert.True(events[1].At >= TimeSpan.FromMilliseconds(40), $"first token at {events[1].At.TotalMilliseconds} ms, due at 40 ms");
        Assert.True(events[5].At >= TimeSpan.FromMilliseconds(80), $"last token at {events[5].At.TotalMilliseconds} ms, due at 80 ms");
    }

    [Fact]
    public async Task Completions_and_tgi_stream_in_their_own_shapes_and_tgi_ends_without_done()
    {
        await using var server = await StartAsync();

        var completions = await StreamAsync(server, "/v1/completions", """{"prompt":"a b c","max_tokens":3,"stream":true}""");
        var tgi = await StreamAsync(server, "/invocations", """{"inputs":"a b c","parameters":{"max_new_tokens":3},"stream":true}""");

        Assert.Equal(4, completions.Events.Count);
        Assert.Equal("text_completion", JsonDocument.Parse(completions.Events[0].Data).RootElement.GetProperty("object").GetString());
        Assert.Equal("[DONE]", completions.Events[3].Data);
        Assert.Equal(3, tgi.Events.Count);
        var last = JsonDocument.Parse(tgi.Events[2].Data).RootElement;
        Assert.Equal(3, last.GetProperty("details").GetProperty("generated_tokens").GetInt32());
        Assert.Equal(string.Concat(tgi.Events.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("token").GetProperty("text").GetString())),
            last.GetProperty("generated_text").GetString());
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x y"}],"max_tokens":4}""", "choices.0.message.content")]
    [InlineData("/v1/completions", """{"prompt":"x y","max_tokens":4}""", "choices.0.text")]
    [InlineData("/invocations", """{"inputs":"x y","parameters":{"max_new_tokens":4}}""", "0.generated_text")]
    [InlineData("/invocations", """{"messages":[{"role":"user","content":"x y"}],"max_tokens":4}""", "choices.0.message.content")]
    public async Task Buffered_answers_carry_the_whole_text_after_the_last_token_is_due(string path, string body, string textPath)
    {
        await using var server = await StartAsync();
        var sent = Stopwatch.StartNew();

        using var response = await server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var elapsed = sent.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = textPath.Split('.').Aggregate(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement,
            (element, key) => int.TryParse(key, out var i) ? element[i] : element.GetProperty(key));
        Assert.Equal(4, text.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        // 2 words x 2 ms + 3 steps x 10 ms.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(34), $"answered after {elapsed.TotalMilliseconds} ms, due at 34 ms");
    }

    [Theory]
    [InlineData("/v1/chat/completions", "not json", "the body is not JSON")]
    [InlineData("/v1/chat/completions", """{"messages":[]}""", "messages:")]
    [InlineData("/v1/completions", """{"prompt":"a","max_tokens":-1}""", "max_tokens:")]
    [InlineData("/v1/completions", """{"prompt":"a","max_tokens":1000}""", "1 input + 1000 output tokens exceed the KV-cache budget of 1000")]
    public async Task Bad_requests_get_400_naming_the_field(string path, string body, string message)
    {
        await using var server = await StartAsync();

        using var response = await server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Other_modes_do_not_answer_the_openai_routes_and_bad_knobs_are_named()
    {
        await using var synthetic = await TestServer.StartAsync("--slots", "1", "--service-time-ms", "1");
        using var response = await synthetic.Client.PostAsync("/v1/chat/completions", new StringContent("{}"));
        var parsed = ServeArguments.Parse(["--llm-synthetic"], name => name == "RIGHTSIZE_LLM_DECODE_STEP_MS" ? "0" : null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["RIGHTSIZE_LLM_DECODE_STEP_MS: '0' is not a duration; give milliseconds (more than 0 to 60000, fractions allowed), e.g. 20"], parsed.Errors);
    }
}
