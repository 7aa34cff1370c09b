using Recommender.Core.Stories;

namespace Recommender.Core.Indexing;

public sealed record ArticleIndexOptions
{
    /// <summary>How often new writes are made searchable (near-real-time reopen); must stay well under a second.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often uncommitted changes are committed to disk; a crash loses at most this much.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory the writer buffers before it flushes a segment.</summary>
    public double RamBufferSizeMb { get; init; } = 64;

    /// <summary>How arriving articles are grouped into stories.</summary>
    public StoryOptions Stories { get; init; } = new();

    /// <summary>
    /// Articles whose listed fields (<see cref="ArticleIndex.Listed"/>) are kept per segment at most; about a
    /// kilobyte each, so 100 MB at most per segment.
    /// </summary>
    /// <remarks>
    /// 100,000 rather than 20,000: at 100k articles, 2,700 readers' seeds and answers cover more than 20,000 of them, so
    /// the cache started over again and again and warm personalised queries read stored fields again: 2.8–3.1 CPU ms
    /// per query against 2.0 with 200,000 kept, side by side on one thread (docs/BENCHMARKS.md, "Newsletter digests").
    /// </remarks>
    public int ListedArticlesPerSegment { get; init; } = 100_000;

    /// <summary>URL lookups kept per index reader, and id lookups per segment, at most (<see cref="ArticleIndex.DocOf"/>).</summary>
    public int DocLookupsKept { get; init; } = 100_000;

    /// <summary>
    /// Gives articles that need one their vector as they are written (<see cref="Semantic.ArticleEmbedder"/>); null
    /// (the default) stores only the vectors articles arrive with.
    /// </summary>
    public Semantic.ArticleEmbedder? Embedder { get; init; }

    /// <summary>
    /// The language a site's articles are analysed in (<c>Sites:{apikey}:Language</c>); null for a site without one,
    /// whose articles are analysed in the language they state, else English. See <see cref="ArticleIndex.InSiteLanguage"/>.
    /// </summary>
    public Func<string, string?>? SiteLanguage { get; init; }

    /// <summary>
    /// The longest a reader's search query collects hits (<see cref="ArticleIndex.Search"/>); a search of plain words
    /// takes ~1 ms at 100k articles, so only a query bomb that got past the parser's caps ever reaches it. Listings
    /// (a null query, as re-indexing walks a site) are never cut.
    /// </summary>
    public TimeSpan UserQueryTimeLimit { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The clock, in milliseconds, that <see cref="UserQueryTimeLimit"/> is measured on: Lucene's shared timer thread,
    /// which advances every 20 ms.
    /// </summary>
    public Lucene.Net.Util.Counter UserQueryClock { get; init; } = Lucene.Net.Search.TimeLimitingCollector.GlobalCounter;

    /// <summary>Called when the background refresh or commit fails; the loop keeps running.</summary>
    public Action<Exception>? OnBackgroundError { get; init; }
}
