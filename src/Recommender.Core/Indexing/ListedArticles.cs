using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Recommender.Core.Articles;

namespace Recommender.Core.Indexing;

/// <summary>
/// What an answer lists of an indexed article (every stored field but the body), read once per segment and then
/// kept: a stored-field read unpacks the document's whole compressed block, body included, and that was a third
/// of a personalised request's CPU at 100k articles (docs/BENCHMARKS.md, /related).
/// </summary>
/// <remarks>
/// A segment's documents never change (an update writes a new document into a new segment), so an entry stays
/// right for as long as its segment lives; the entries go with the segment's core when a merge retires it.
/// </remarks>
sealed class ListedArticles(int maxPerSegment)
{
    public static readonly HashSet<string> Fields =
    [
        ArticleFields.Site, ArticleFields.Url, ArticleFields.Title, ArticleFields.Authors, ArticleFields.Section,
        ArticleFields.Tags, ArticleFields.PubDate, ArticleFields.Modified, ArticleFields.ImageUrl,
        ArticleFields.Description, ArticleFields.Language, ArticleFields.Story,
    ];

    readonly ConditionalWeakTable<object, Segment> _segments = new();

    sealed class Segment
    {
        public readonly ConcurrentDictionary<int, Article> Articles = new();
        public int Entries;
    }

    public Article Get(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var segment = _segments.GetValue(leaf.AtomicReader.CoreCacheKey, _ => new Segment());
        var local = doc - leaf.DocBase;
        if (segment.Articles.TryGetValue(local, out var article)) return article;

        article = ArticleDocuments.ToArticle(leaf.AtomicReader.Document(local, Fields));
        // A crude bound on memory: starting again costs some reads, where tracking use would cost every hit
        // (and a concurrent dictionary's Count takes all its locks).
        if (Interlocked.Increment(ref segment.Entries) > maxPerSegment)
        {
            segment.Articles.Clear();
            Interlocked.Exchange(ref segment.Entries, 1);
        }
        return segment.Articles[local] = article;
    }
}
