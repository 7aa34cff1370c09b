using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Articles;

namespace Recommender.Core.Indexing;

/// <summary>
/// The articles of one site except some URLs, as random-access bits. A search under a filter without them steps
/// through the filter's matches beside the query's (FilteredQuery's leap-frog), which costs as much as the site
/// is large; with them it checks each of the query's own postings against the bits.
/// </summary>
sealed class SiteFilter(string site, IEnumerable<string> excludeUrls) : Filter
{
    // A segment's documents of each site, built once per segment reader: a reader never changes, and a segment
    // whose deletions change gets a new one. Bounded by the configured sites (a request's site is checked first),
    // one bit per document each: 125 KB per site at 1M articles.
    static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<string, FixedBitSet>> SiteDocs = new();

    readonly string[] _excludedUrls = [.. excludeUrls.SelectMany(u => new[] { u, CanonicalUrl.Normalize(u) }).OfType<string>().Distinct()];

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var siteDocs = SiteDocs.GetOrAdd(reader, static _ => new()).GetOrAdd(site, static (s, segment) => DocsOf(segment, s), reader);
        if (_excludedUrls.Length == 0) return BitsFilteredDocIdSet.Wrap(siteDocs, acceptDocs);
        // The kept bits are copied only to clear URLs from them (searches only read them): at 1M articles a copy is
        // 125 KB, allocated on the large object heap, on every request.
        var allowed = siteDocs.Clone();
        var urls = reader.GetTerms(ArticleFields.Url)?.GetEnumerator();
        if (urls is not null)
        {
            foreach (var url in _excludedUrls)
            {
                if (!urls.SeekExact(new BytesRef(url))) continue;
                var docs = urls.Docs(null, null, DocsFlags.NONE);
                for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc()) allowed.Clear(doc);
            }
        }
        return BitsFilteredDocIdSet.Wrap(allowed, acceptDocs);
    }

    static FixedBitSet DocsOf(AtomicReader reader, string site)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        var terms = reader.GetTerms(ArticleFields.Site)?.GetEnumerator();
        if (terms is null || !terms.SeekExact(new BytesRef(site))) return bits;
        var docs = terms.Docs(null, null, DocsFlags.NONE);
        for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc()) bits.Set(doc);
        return bits;
    }
}
