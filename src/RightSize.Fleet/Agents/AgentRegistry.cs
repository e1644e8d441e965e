using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace RightSize.Fleet.Agents;

/// <summary>The fleet's agents: one key per agent in a JetStream key-value bucket whose entries expire after the heartbeat TTL.</summary>
public interface IAgentRegistry
{
    /// <summary>Writes the agent's entry (a heartbeat); it expires after the TTL unless written again.</summary>
    ValueTask PutAsync(AgentInfo agent, CancellationToken cancellationToken);

    /// <summary>Removes the agent's entry at once (a clean stop).</summary>
    ValueTask RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>One agent's entry; null once it expired or was removed.</summary>
    ValueTask<AgentInfo?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The agents whose last heartbeat is younger than the TTL, by id.</summary>
    ValueTask<IReadOnlyList<AgentInfo>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Opens the registry bucket.</summary>
public static class AgentRegistry
{
    /// <summary>The bucket's name; the JetStream stream behind it is <c>KV_rightsize-agents</c>.</summary>
    public const string Bucket = "rightsize-agents";

    /// <summary>An agent's heartbeat TTL unless told otherwise: an agent missing this long is gone.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(15);

    /// <summary>Creates the bucket with this TTL, or sets the TTL of the one there (agents open it so).</summary>
    public static async Task<IAgentRegistry> CreateAsync(INatsConnection nats, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var kv = nats.CreateKeyValueStoreContext();
        var store = await kv.CreateOrUpdateStoreAsync(
            new NatsKVConfig(Bucket) { MaxAge = ttl, History = 1, Description = "RightSize agents; each entry expires one TTL after its last heartbeat" },
            cancellationToken);
        return new KvAgentRegistry(kv, store);
    }

    /// <summary>The bucket as it is (readers open it so); until an agent creates it, the registry is empty.</summary>
    public static IAgentRegistry Open(INatsConnection nats) => new KvAgentRegistry(nats.CreateKeyValueStoreContext(), null);
}

internal sealed class KvAgentRegistry(INatsKVContext kv, INatsKVStore? opened) : IAgentRegistry
{
    private INatsKVStore? _store = opened;

    public async ValueTask PutAsync(AgentInfo agent, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken) ?? throw new InvalidOperationException($"no bucket {AgentRegistry.Bucket}");
        await store.PutAsync(agent.Id, JsonSerializer.SerializeToUtf8Bytes(agent, FleetJsonContext.Default.AgentInfo), cancellationToken: cancellationToken);
    }

    public async ValueTask RemoveAsync(string id, CancellationToken cancellationToken)
    {
        if (await StoreAsync(cancellationToken) is { } store)
        {
            await store.DeleteAsync(id, cancellationToken: cancellationToken);
        }
    }

    public async ValueTask<AgentInfo?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (await StoreAsync(cancellationToken) is not { } store)
        {
            return null;
        }

        var entry = await store.TryGetEntryAsync<byte[]>(id, cancellationToken: cancellationToken);
        return entry.Success && entry.Value.Value is { Length: > 0 } bytes ? JsonSerializer.Deserialize(bytes, FleetJsonContext.Default.AgentInfo) : null;
    }

    public async ValueTask<IReadOnlyList<AgentInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (await StoreAsync(cancellationToken) is not { } store)
        {
            return [];
        }

        // One pass over the bucket's stream instead of one read per key: an ordered consumer over the whole stream,
        // fetched without waiting, so it ends with what the stream holds now. The bucket keeps one entry per key
        // (History 1), so the stream is each key's last entry; DeliverPolicy LastPerSubject would say the same but needs
        // a filter subject, which nats-server 2.9 does not take from this client (filter_subjects came in 2.10).
        // (GetKeysAsync's watcher instead waits for every entry it was told of and never returns when one expires in
        // between, nats-server#3481, which a heartbeat TTL makes routine; nats-server 2.9 has no batched direct get.)
        // An entry that expires meanwhile is simply not delivered; one rewritten meanwhile may come twice, the later last.
        var prefix = $"$KV.{AgentRegistry.Bucket}.";
        var consumer = await store.JetStreamContext.CreateOrderedConsumerAsync($"KV_{AgentRegistry.Bucket}",
            new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, cancellationToken);
        var agents = new Dictionary<string, AgentInfo>(StringComparer.Ordinal);
        int fetched;
        do
        {
            fetched = 0;
            await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = FetchBatch }, cancellationToken: cancellationToken))
            {
                fetched++;
                var id = message.Subject[prefix.Length..];
                // A clean stop leaves a delete marker (KV-Operation DEL or PURGE, no body) as the key's last entry.
                if (message.Headers?.ContainsKey("KV-Operation") == true || message.Data is not { Length: > 0 } bytes)
                {
                    agents.Remove(id);
                }
                else if (JsonSerializer.Deserialize(bytes, FleetJsonContext.Default.AgentInfo) is { } agent)
                {
                    agents[id] = agent;
                }
            }
        }
        while (fetched == FetchBatch);

        return [.. agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Entries per fetch of a listing; a larger fleet takes several.</summary>
    private const int FetchBatch = 256;

    /// <summary>The bucket, opened once it exists (the first agent creates it, perhaps after the coordinator started).</summary>
    private async ValueTask<INatsKVStore?> StoreAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            try
            {
                _store = await kv.GetStoreAsync(AgentRegistry.Bucket, cancellationToken);
            }
            catch (NatsKVException)
            {
                return null;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                return null;
            }
        }

        return _store;
    }
}
