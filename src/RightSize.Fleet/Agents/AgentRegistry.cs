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

        // The keys come from the stream's per-subject counts (one request), then one get per key: every step is a
        // request with a reply or a timeout, so a listing always ends, whatever expires meanwhile. Reading the stream
        // instead does not: GetKeysAsync's watcher waits for every entry it was told of and never returns when one
        // expires in between (nats-server#3481), and a no-wait fetch of an ordered consumer waited, on nats-server 2.9,
        // for a batch end the server never sent when entries expired during the fetch; a heartbeat TTL makes both routine.
        var prefix = $"$KV.{AgentRegistry.Bucket}.";
        var stream = await store.JetStreamContext.GetStreamAsync(
            $"KV_{AgentRegistry.Bucket}", new StreamInfoRequest { SubjectsFilter = prefix + ">" }, cancellationToken);
        var agents = new List<AgentInfo>();
        foreach (var subject in (stream.Info.State.Subjects?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
        {
            // A key can expire or be deleted between the two; it is then simply gone (a clean stop leaves a delete marker).
            if (await GetAsync(subject[prefix.Length..], cancellationToken) is { } agent)
            {
                agents.Add(agent);
            }
        }

        return agents;
    }

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
