using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.IO.Hashing;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;
using Recommender.Server.Related;

namespace Recommender.Server.Caching;

/// <summary>
/// The response cache of the list endpoints (<c>/related</c>, <c>/search</c>, <c>/trending</c>): answers are kept in
/// this node's memory (<see cref="ListingMemory"/>, bounded in bytes) and, with <c>Redis:Configuration</c> set, in
/// Redis for every node (<see cref="HybridCache"/>, which also lets only one request per key compute a missing
/// answer while the others wait for it). HybridCache's own memory level is not used: it sizes an entry by its
/// serialised payload only, and an empty answer's 60 bytes stand for ~600 in memory.
/// </summary>
/// <remarks>
/// An endpoint checks its request, then hands the cache a <see cref="ListingKey"/> and how to compute the answer:
/// <c>return await cache.AnswerAsync(http, site, key, cancel => ...);</c>. Answers live for the site's
/// <see cref="SiteDefaults.CacheSeconds"/> (0: not cached), which bounds how late new articles show.
/// <para>
/// An answer built from a reader's profile stays in the memory of the node that computed it and never goes to
/// Redis, so that forgetting the reader (<see cref="ForgetReader"/>) can drop every copy at once: HybridCache
/// removes by key only (its tags merely hide entries until they expire, and leave a marker in Redis for years), and
/// a node can only reach its own memory. Such answers rarely serve twice anyway, as every training changes the key.
/// </para>
/// </remarks>
public sealed class ListingCache(HybridCache cache, ListingMemory answers, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    static readonly Meter Meter = new("Recommender.Cache");
    static readonly Counter<long> Hits = Meter.CreateCounter<long>("recommender.cache.hits", "{answer}", "List answers served from the response cache");
    static readonly Counter<long> Misses = Meter.CreateCounter<long>("recommender.cache.misses", "{answer}", "List answers computed because the response cache did not have them (sites with CacheSeconds 0 not counted)");

    // Guards the notes of whose answers are where (RememberOwner, ForgetReader).
    readonly Lock _notes = new();

    public async Task<ListingResult> AnswerAsync(HttpContext http, SiteOptions site, ListingKey key, Func<CancellationToken, ValueTask<ArticleListing>> answer)
    {
        var ttl = TimeSpan.FromSeconds(site.Defaults.CacheSeconds);
        // A reader's answer may be kept by the reader's browser (revalidated by its ETag), never by a shared cache.
        var cacheControl = key.IsPersonal ? "private, no-cache" : $"public, max-age={ttl.TotalSeconds:F0}";
        if (ttl == TimeSpan.Zero)
            return new ListingResult(CachedListing.From(await answer(http.RequestAborted), json.Value.SerializerOptions), "no-store", Hit: false);

        if (answers.TryGet(key.Value, out var kept))
        {
            Hits.Add(1);
            return new ListingResult(kept!, cacheControl, Hit: true);
        }
        var computed = false;
        var listing = await cache.GetOrCreateAsync(key.Value, async cancel =>
            {
                computed = true;
                return CachedListing.From(await answer(cancel), json.Value.SerializerOptions);
            },
            new HybridCacheEntryOptions
            {
                Expiration = ttl,
                Flags = HybridCacheEntryFlags.DisableLocalCache |
                        (key.ProfileReader is null ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableDistributedCache),
            },
            // Not the request's abort token: given a token that can be cancelled, HybridCache runs the lookup on a
            // thread-pool item of its own, outside the request, where the request's one time to wait for
            // Redis (RedisCircuit) cannot be seen and its shared-cache read and write each waited their full timeout.
            // An answer takes milliseconds to compute; one finished for a client gone is cached for the next.
            cancellationToken: CancellationToken.None);
        (computed ? Misses : Hits).Add(1);
        answers.Set(key.Value, listing, ttl);
        if (computed && key.ProfileOwner is { } owner) RememberOwner(owner, key.Value, ttl);
        return new ListingResult(listing, cacheControl, Hit: !computed);
    }

    /// <summary>Drops this node's cached answers built from the reader's profile (a privacy request).</summary>
    public void ForgetReader(string site, string uuid)
    {
        var note = OwnerKey(ListingKey.Owner(site, uuid));
        ConcurrentDictionary<string, byte>? keys;
        lock (_notes)
        {
            if (!answers.Cache.TryGetValue(note, out keys) || keys is null) return;
            answers.Remove(note);
        }
        // At once, not left to the note's eviction callback, which runs later on the thread pool.
        foreach (var key in keys.Keys) answers.Remove(key);
    }

    /// <summary>
    /// Notes the key of an answer built from a reader's profile. The note outlives every answer it lists: it lives
    /// until twice the cache time after the last answer noted. It is kept beside the answers and sized like them
    /// (its keys), so a stream of new readers cannot grow this node past <see cref="ResponseCacheOptions.MaxMegabytes"/>;
    /// when the cache evicts a note, the answers it lists go with it, so no answer outlives the note that can forget it.
    /// </summary>
    void RememberOwner(string owner, string key, TimeSpan ttl)
    {
        // Only after computing an answer, so rarely contended.
        lock (_notes)
        {
            var note = OwnerKey(owner);
            if (!answers.Cache.TryGetValue(note, out ConcurrentDictionary<string, byte>? keys) || keys is null) keys = new();
            keys[key] = 0;
            // Set again with each key, to be sized with its keys; the replaced entry's callback sees Replaced and keeps them.
            answers.Cache.Set(note, keys, new MemoryCacheEntryOptions
            {
                SlidingExpiration = 2 * ttl,
                Size = ListingMemory.EntryOverheadBytes + 2L * note.Length + keys.Keys.Sum(k => 2L * k.Length + NoteBytesPerKey),
                PostEvictionCallbacks = { new PostEvictionCallbackRegistration { EvictionCallback = DropListedAnswers, State = answers } },
            });
        }
    }

    /// <summary>What a note's dictionary costs per key beside the key's characters: its node and a share of its buckets.</summary>
    const int NoteBytesPerKey = 64;

    static void DropListedAnswers(object key, object? value, EvictionReason reason, object? state)
    {
        if (reason == EvictionReason.Replaced || value is not ConcurrentDictionary<string, byte> keys || state is not ListingMemory memory) return;
        foreach (var answer in keys.Keys) memory.Remove(answer);
    }

    static string OwnerKey(string owner) => $"listing-owner:{owner}";
}

/// <summary>
/// What a cached answer is for: the endpoint and the request as the endpoint understood it, so that parameter order,
/// letter case where it does not matter, and defaults written out or left away all give the same key.
/// </summary>
/// <param name="IsPersonal">A reader was named: the answer is theirs alone to keep (it may be the one of every reader without a profile).</param>
/// <param name="ProfileReader">Set when the answer is built from a reader's profile: the site and the reader.</param>
public sealed record ListingKey(string Value, bool IsPersonal, (string Site, string Uuid)? ProfileReader = null)
{
    /// <summary>
    /// Who the reader is, as a hash (<see cref="Owner"/>), for the notes of cached answers. Made when asked: only a
    /// cached answer needs it, and with the cache off nothing read the SHA-256 and hex made on every personalised request.
    /// </summary>
    public string? ProfileOwner => ProfileReader is { } reader ? Owner(reader.Site, reader.Uuid) : null;

    /// <param name="parameters">The endpoint's own parameters, already checked (a canonical URL, a trimmed query).</param>
    /// <param name="reader">The reader and the version of their profile; a reader without a profile shares the anonymous answer.</param>
    public static ListingKey For(string endpoint, RecommendationRequest request, IEnumerable<KeyValuePair<string, string?>> parameters,
        (string Uuid, long ProfileVersion)? reader = null)
    {
        // The whole request goes into the key, so a parameter added later can never be forgotten here;
        // only what does not change the answer (order, letter case, repeats) is normalised away.
        var filter = request.Filter;
        var normalised = new KeyContent(
            endpoint,
            request with
            {
                Filter = filter with
                {
                    Sections = Folded(filter.Sections),
                    Authors = Folded(filter.Authors),
                    Tags = Folded(filter.Tags),
                    ExcludeSections = Folded(filter.ExcludeSections),
                    ExcludeAuthors = Folded(filter.ExcludeAuthors),
                    ExcludeTags = Folded(filter.ExcludeTags),
                    ExcludeUrlPrefixes = Ordered(filter.ExcludeUrlPrefixes),
                    ExcludeUrls = Ordered(filter.ExcludeUrls),
                },
                Boosts = request.Boosts.Count == 0 ? [] : [.. request.Boosts.Distinct().Order()],
            },
            [.. parameters.OrderBy(p => p.Key, StringComparer.Ordinal)],
            // Whether a reader was named changes the answer even when they have no profile yet; who they are only with one.
            reader is { } r ? (r.ProfileVersion == 0 ? "" : $"{r.Uuid}@{r.ProfileVersion}") : null);
        // Serialised by generated code: every cached answer is looked up by this key, and reflection cost more than the rest.
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(normalised, ListingKeyJson.Default.KeyContent));
        return new ListingKey($"listing:{endpoint}:{Convert.ToHexStringLower(hash)}", IsPersonal: reader is not null,
            ProfileReader: reader is { ProfileVersion: not 0 } owner ? (filter.Site, owner.Uuid) : null);
    }

    /// <summary>A reader of a site as a hash, so that what is kept about their answers does not name them.</summary>
    public static string Owner(string site, string uuid) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{site.Length}:{site}:{uuid}")));

    // An empty list (most of the eight, on most requests) is answered without the iterators, set and sort that
    // Distinct and Order make for it: eight of each on every request.
    static string[] Folded(IReadOnlyCollection<string> values) => values.Count == 0 ? [] : Distinct(values.Select(v => v.ToLowerInvariant()));

    static string[] Ordered(IReadOnlyCollection<string> values) => values.Count == 0 ? [] : Distinct(values);

    static string[] Distinct(IEnumerable<string> values) => [.. values.Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>What goes into a <see cref="ListingKey"/>.</summary>
sealed record KeyContent(string Endpoint, RecommendationRequest Request, KeyValuePair<string, string?>[] Parameters, string? Reader);

[JsonSerializable(typeof(KeyContent))]
partial class ListingKeyJson : JsonSerializerContext;

/// <summary>An answer as it goes on the wire, with its ETag; immutable, so this node's memory hands out one instance.</summary>
[ImmutableObject(true)]
public sealed record CachedListing(byte[] Json, string ETag)
{
    /// <param name="options">The server's JSON options (<see cref="ListingJson"/> in their resolvers), so the bytes are theirs.</param>
    public static CachedListing From(ArticleListing listing, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(listing, (JsonTypeInfo<ArticleListing>)options.GetTypeInfo(typeof(ArticleListing)));
        return new CachedListing(json, ETagOf(json));
    }

    /// <summary>
    /// A strong validator of the bytes: 128 bits of XxHash128, not a cryptographic hash (an ETag only tells a client
    /// whether the bytes it has are these; nothing is found or trusted by it), in base64 as the SHA-256 it replaced.
    /// </summary>
    internal static string ETagOf(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(json, hash);
        return $"\"{Convert.ToBase64String(hash).TrimEnd('=')}\"";
    }
}

/// <summary>
/// The listing's metadata as generated code, added to the server's own options' resolvers and never used alone: the
/// options stay the server's, above all ASP.NET Core's relaxed encoder (<c>&amp;</c>, <c>&lt;</c> and non-ASCII letters
/// written as they are), so the bytes are those reflection-based metadata wrote. A context used alone, with the
/// default encoder, wrote <c>\u0026</c> and <c>\u2018</c> instead: why an earlier attempt's bytes differed. With an
/// encoder set, System.Text.Json does not run the generated fast-path writer, only the generated metadata.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArticleListing))]
partial class ListingJson : JsonSerializerContext;

/// <summary>
/// Writes a cached answer with <c>ETag</c> and <c>Cache-Control</c> (for a CDN or Varnish in front, and browsers),
/// <c>304 Not Modified</c> when the client has it already, and <c>X-Cache: HIT</c> or <c>MISS</c>.
/// </summary>
public sealed record ListingResult(CachedListing Listing, string CacheControl, bool Hit) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ETag = Listing.ETag;
        headers.CacheControl = CacheControl;
        headers["X-Cache"] = Hit ? "HIT" : "MISS";
        // Parsed only when sent: most requests carry none, and the typed headers and their list cost on every one.
        if (http.Request.Headers.IfNoneMatch.Count > 0 && http.Request.GetTypedHeaders().IfNoneMatch.Any(tag =>
                tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(Listing.ETag), useStrongComparison: false)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = Listing.Json.Length;
        await http.Response.Body.WriteAsync(Listing.Json, http.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ArticleListing), ["application/json"]));
}
