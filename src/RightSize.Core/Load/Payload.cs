namespace RightSize.Load;

/// <summary>One request body with its content type, pre-encoded so sending it allocates nothing.</summary>
public sealed record Payload(ReadOnlyMemory<byte> Body, string ContentType)
{
    /// <summary>The file this payload was read from, for messages; null for built-in payloads.</summary>
    public string? Source { get; init; }
}

/// <summary>Hands out sample payloads; safe to call from every virtual user at once.</summary>
public interface IPayloadSource
{
    Payload Next();
}
