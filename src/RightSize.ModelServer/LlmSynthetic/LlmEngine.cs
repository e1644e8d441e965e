using System.Diagnostics;

namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>When an admitted request's first token is due; token k is due at FirstToken + k x DecodeTicks.</summary>
internal readonly record struct LlmAdmission(long FirstToken, long DecodeTicks);

/// <summary>
/// Continuous batching in virtual time: requests are admitted in FIFO order as soon as a batch seat and enough KV tokens
/// are free, and hold both until their last token. Due times come from this schedule, not from when timers fire, so
/// timer granularity adds latency but never removes capacity (as the synthetic scheduler does).
/// </summary>
internal sealed class LlmEngine
{
    private readonly PriorityQueue<int, long> _running = new();
    private readonly LlmSyntheticOptions _options;
    private readonly long _prefillTicksPerToken;
    private readonly long _decodeTicks;
    private readonly Lock _lock = new();
    private long _lastStart;
    private int _kvUsed;

    public LlmEngine(LlmSyntheticOptions options)
    {
        _options = options;
        _prefillTicksPerToken = Ticks(options.PrefillPerToken);
        _decodeTicks = Ticks(options.DecodeStep);
    }

    public static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Null when the request can never fit the KV budget.</summary>
    public LlmAdmission? Admit(long arrival, int inputTokens, int outputTokens)
    {
        var need = inputTokens + outputTokens;
        if (need > _options.KvTokens)
        {
            return null;
        }

        lock (_lock)
        {
            var start = Math.Max(arrival, _lastStart);
            while (_running.TryPeek(out var kv, out var finish) && finish <= start)
            {
                _running.Dequeue();
                _kvUsed -= kv;
            }

            while (_running.Count >= _options.MaxBatch || _kvUsed + need > _options.KvTokens)
            {
                _running.TryDequeue(out var kv, out var finish);
                _kvUsed -= kv;
                start = Math.Max(start, finish);
            }

            _lastStart = start;
            var firstToken = start + (_prefillTicksPerToken * inputTokens);
            _running.Enqueue(need, firstToken + ((outputTokens - 1) * _decodeTicks));
            _kvUsed += need;
            return new LlmAdmission(firstToken, _decodeTicks);
        }
    }
}
