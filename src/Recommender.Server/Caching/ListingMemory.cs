using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Recommender.Server.Caching;

/// <summary>The <c>ResponseCache</c> configuration section.</summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "ResponseCache";

    /// <summary>
    /// The most this node's memory keeps of cached answers, in MiB of answer bytes and bookkeeping. Past it the
    /// least recently used answers go. Unbounded, two clients sending <c>/search</c> with a new <c>q</c> each grew
    /// the process from 140 to 1,902 MiB in 40 s.
    /// </summary>
    [Range(1, 1_048_576)]
    public int MaxMegabytes { get; set; } = 128;
}

/// <summary>
/// This node's memory level of the response cache, bounded in bytes: every answer is sized by its payload plus
/// <see cref="EntryOverheadBytes"/>, so a flood of small or empty answers is bounded too. Exported as
/// <c>recommender.cache.size</c> (bytes) and <c>recommender.cache.entries</c> on the meter <c>Recommender.Cache</c>.
/// </summary>
public sealed class ListingMemory : IDisposable
{
    /// <summary>
    /// What an entry costs beside its payload: its key (79 characters, 182 bytes), the cache's entry (~200 bytes),
    /// the answer record, its array and its ETag (~150 bytes). Without it an empty answer would count 20 bytes of
    /// the ~550 it takes.
    /// </summary>
    public const int EntryOverheadBytes = 600;

    /// <param name="memoryOptions">Only its clock is taken, so a replay that moves the clock of memory caches moves this one's too.</param>
    public ListingMemory(IOptions<ResponseCacheOptions> options, IOptions<MemoryCacheOptions> memoryOptions, IMeterFactory meters)
    {
        Cache = new MemoryCache(new MemoryCacheOptions
        {
            Clock = memoryOptions.Value.Clock,
            SizeLimit = options.Value.MaxMegabytes * 1024L * 1024,
            TrackStatistics = true,
        });
        var meter = meters.Create("Recommender.Cache");
        meter.CreateObservableGauge("recommender.cache.size", () => EstimatedBytes, unit: "By",
            description: "Bytes of cached answers in this node's memory, as sized for its limit");
        meter.CreateObservableGauge("recommender.cache.entries", () => Entries, description: "Cached answers in this node's memory");
    }

    public MemoryCache Cache { get; }

    public long EstimatedBytes => Cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public long Entries => Cache.GetCurrentStatistics()?.CurrentEntryCount ?? 0;

    public bool TryGet(string key, out CachedListing? listing) => Cache.TryGetValue(key, out listing);

    public void Set(string key, CachedListing listing, TimeSpan ttl) =>
        Cache.Set(key, listing, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = ttl,
            Size = listing.Json.Length + 2L * (listing.ETag.Length + key.Length) + EntryOverheadBytes,
        });

    public void Remove(string key) => Cache.Remove(key);

    public void Dispose() => Cache.Dispose();
}
