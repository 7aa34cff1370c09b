using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Recommender.Core.Articles;
using Recommender.Core.Recommendations;

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

    readonly ConditionalWeakTable<object, StartOverArray<Listed>> _segments = new();

    public Article Get(IndexReader reader, int doc) => Entry(reader, doc).Article;

    /// <summary>
    /// The article's <see cref="ReasonTerms"/>, made the first time a reason asks and kept with the article, so bounded as
    /// the articles are (two threads may both make them; each keeps equal terms).
    /// </summary>
    public ReasonTerms ReasonTermsOf(IndexReader reader, int doc)
    {
        var entry = Entry(reader, doc);
        return entry.ReasonTerms ??= Reasons.TermsOf(entry.Article);
    }

    Listed Entry(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        return _segments.GetOrAdd(leaf.AtomicReader.CoreCacheKey, static (_, size) => new StartOverArray<Listed>(size.Documents, size.Kept),
                (Documents: leaf.AtomicReader.MaxDoc, Kept: maxPerSegment))
            .GetOrAdd(doc - leaf.DocBase, static (local, segment) =>
                new Listed(ArticleDocuments.ListedOf(segment, local) ?? ArticleDocuments.ToArticle(segment.Document(local, Fields))), leaf.AtomicReader);
    }

    /// <summary>A kept article, and its terms for reasons once one was told (most articles read are never shown).</summary>
    sealed class Listed(Article article)
    {
        public Article Article { get; } = article;
        public ReasonTerms? ReasonTerms;
    }
}
