namespace RightSize.Load;

/// <summary>Hands out one of several sample payloads, uniformly at random, from any number of users at once.</summary>
public sealed class PayloadSampler : IPayloadSource
{
    private readonly Payload[] _payloads;
    private readonly Random? _seeded;

    /// <param name="payloads">At least one payload.</param>
    /// <param name="seed">Makes the sequence repeatable (tests); calls are then serialized on one generator.</param>
    public PayloadSampler(IReadOnlyList<Payload> payloads, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        ArgumentOutOfRangeException.ThrowIfZero(payloads.Count);
        _payloads = [.. payloads];
        _seeded = seed is { } s ? new Random(s) : null;
    }

    public PayloadSampler(Payload payload)
        : this([payload])
    {
    }

    public IReadOnlyList<Payload> Payloads => _payloads;

    public Payload Next()
    {
        if (_payloads.Length == 1)
        {
            return _payloads[0];
        }

        if (_seeded is null)
        {
            return _payloads[Random.Shared.Next(_payloads.Length)];
        }

        lock (_seeded)
        {
            return _payloads[_seeded.Next(_payloads.Length)];
        }
    }
}
