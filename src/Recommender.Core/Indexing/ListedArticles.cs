using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Recommender.Core.Articles;

namespace Recommender.Core.Indexing;

/// <summary>
/// What an answer lists of an indexed article (every stored field but the body), read once per segment and then
/// kept: a stored-field read unpacks the document's whole compressed block, body included, and that was a third
/// of a personalised request's CPU at 100k articles (docs/BENCHMARKS.md, /related). Read from the article's
/// <see cref="ArticleFields.Listed"/> doc values, or from its stored fields where it was written before they existed.
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

    readonly ConditionalWeakTable<object, StartOverArray<Article>> _segments = new();

    public Article Get(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        return _segments.GetOrAdd(leaf.AtomicReader.CoreCacheKey, static (_, size) => new StartOverArray<Article>(size.Documents, size.Kept),
                (Documents: leaf.AtomicReader.MaxDoc, Kept: maxPerSegment))
            .GetOrAdd(doc - leaf.DocBase, static (local, segment) =>
                ArticleDocuments.ListedOf(segment, local) ?? ArticleDocuments.ToArticle(segment.Document(local, Fields)), leaf.AtomicReader);
    }
}
