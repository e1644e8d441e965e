namespace RightSize.Generative;

/// <summary>
/// One request's timeline in <see cref="TimeProvider"/> timestamps: when it was due to be sent (open loop) or sent
/// (closed loop), each content chunk's arrival (all events decoded from one network read share that read's time, as
/// AIPerf does), and the end. Token counts come from the server's <c>usage</c> when it reports them.
/// </summary>
public sealed class StreamRecord
{
    public required long Start { get; init; }

    public long End { get; set; }

    /// <summary>
    /// Arrival of each chunk that carried non-empty text; the first is the first token. Made with room for the output
    /// length the request asks for (<see cref="ForOutput"/>), so a long stream does not regrow it chunk by chunk.
    /// </summary>
    public List<long> Chunks { get; init; } = [];

    /// <summary>
    /// For each content chunk the server stamped with its send time (<see cref="SseParser.SentStampComment"/>): its
    /// arrival minus that stamp, in timestamp units (same host, same clock); null when none was stamped.
    /// </summary>
    public List<long>? ChunkDelivery { get; set; }

    /// <summary>
    /// For each content chunk, how long (ns) its bytes had waited in the generator's socket when the read that took
    /// them returned: the read's time minus the kernel's receive stamp; the generator's own share of the chunk's
    /// latency. Null when unknown (HttpClient, for https); a chunk whose segment the kernel did not stamp is left out.
    /// </summary>
    public List<long>? ReadWait { get; set; }

    public StreamOutcome Outcome { get; set; }

    /// <summary>The HTTP status for <see cref="StreamOutcome.HttpStatus"/>; otherwise 0 or 200.</summary>
    public int StatusCode { get; set; }

    public string? Error { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    /// <summary>Whether the token counts are the server's (<c>usage</c>) rather than the client tokenizer's.</summary>
    public bool ServerCounted { get; set; }

    /// <summary>The endpoint answered in one body although streaming was asked for: TTFT equals the latency.</summary>
    public bool NotStreamed { get; set; }

    /// <summary>The turn of a multi-turn conversation (0 for the first and for single-turn prompts).</summary>
    public int Turn { get; init; }

    /// <summary>The answer's text, kept only when a later turn of the conversation needs it.</summary>
    public string? Answer { get; set; }

    public bool Succeeded => Outcome == StreamOutcome.Success;

    // A request asking for more tokens than this starts at this room and grows as a list does.
    private const int MaxInitialChunks = 1024;

    /// <summary>Room for the chunks of an answer of <paramref name="maxTokens"/> tokens (unknown: a list's default).</summary>
    public static List<long> ForOutput(int? maxTokens) => new(maxTokens is { } n && n > 0 ? Math.Min(n, MaxInitialChunks) : 0);
}
