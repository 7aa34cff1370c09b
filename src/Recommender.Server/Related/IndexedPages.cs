using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Recommender.Core.Indexing;

namespace Recommender.Server.Related;

/// <summary>
/// <see cref="ArticleIndex.Contains"/>, remembered per index reader. Every <c>/related?url=</c> asks it before the
/// response cache (the key tells a page's own answer from the fallback for a page not indexed yet), and the term
/// lookups cost more than the rest of a cached answer: a trace of the cached benchmark put them at two thirds of the
/// endpoint's time. A reader never changes and a refresh after a write brings a new one, so the answer is still the
/// index's as of the last refresh.
/// </summary>
public static class IndexedPages
{
    // A crude bound on memory against many distinct URLs between two writes: start over past it.
    const int MaxPagesPerReader = 100_000;

    static readonly ConditionalWeakTable<IndexReader, ConcurrentDictionary<(string Site, string Url), bool>> Known = new();

    public static bool Contains(ArticleIndex index, string site, string url) => index.WithSearcher(searcher =>
    {
        var known = Known.GetValue(searcher.IndexReader, _ => new());
        if (known.TryGetValue((site, url), out var contains)) return contains;
        if (known.Count >= MaxPagesPerReader) known.Clear();
        return known[(site, url)] = ArticleIndex.FindDoc(searcher, site, url) is not null;
    });
}
