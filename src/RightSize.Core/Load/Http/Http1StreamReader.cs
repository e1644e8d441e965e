namespace RightSize.Load.Http;

/// <summary>What a streamed response is handed as it arrives, on the thread that reads it.</summary>
internal interface IHttp1StreamReader
{
    /// <summary>It has seen enough (a malformed event, say): the exchange stops and its connection is closed.</summary>
    bool Stopped { get; }

    /// <summary>The final response's status, and whether its body is a stream of Server-Sent Events.</summary>
    void Head(int status, bool eventStream);

    /// <summary>
    /// Body bytes (unframed) of one read, with the timestamp taken when that read returned and how long, in ns, the read's
    /// last bytes had waited in the socket by then (from the kernel's receive time; -1 when unknown).
    /// </summary>
    void Body(ReadOnlySpan<byte> bytes, long timestamp, long waitedNanoseconds);

    /// <summary>The body ended, at <paramref name="timestamp"/>.</summary>
    void End(long timestamp);
}

/// <summary>How a streamed exchange ended, as its transport saw it.</summary>
internal enum Http1StreamOutcome
{
    /// <summary>The whole response was read (the reader was told).</summary>
    Ended,

    /// <summary>The reader stopped it.</summary>
    Stopped,

    /// <summary>Not connected, or broken before the response head.</summary>
    ConnectionError,

    /// <summary>Broken after the response head: the body was cut.</summary>
    Broken,

    Timeout,
}

internal readonly record struct Http1StreamEnd(Http1StreamOutcome Outcome, string? Error = null);
