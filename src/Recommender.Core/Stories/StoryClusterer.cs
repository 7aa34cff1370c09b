using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Stories;

/// <summary>
/// Finds the story of an article as it arrives: a MoreLikeThis-style query of its signature terms over the
/// site's articles published within <see cref="StoryOptions.MaxGap"/> of it finds a few candidates; it joins the
/// story of the most similar one that passes both similarity thresholds, or starts a story of its own. The work
/// is one analysis of the article, one small search, and one more per candidate close enough to be checked.
/// Thread-safe.
/// </summary>
public sealed class StoryClusterer(StoryOptions options)
{
    static readonly HashSet<string> UrlField = [ArticleFields.Url];

    // Document frequencies of the text terms, kept while the catalogue grows by less than a tenth: idf changes
    // slowly, and looking every term of every arriving article up in every segment would cost more than the rest.
    readonly ConcurrentDictionary<string, int> _docFreqs = new();
    int _docFreqsCountedAt;

    public StoryOptions Options => options;

    /// <summary>The article's story (the URL of the story's first article) and signature, from the articles <paramref name="searcher"/> sees.</summary>
    public (string Story, StorySignature Signature) Assign(IndexSearcher searcher, Article article)
    {
        if (article.PubDate is null) return (article.Url, StorySignature.None);
        var segments = new SegmentTerms(searcher.IndexReader);
        var signature = SignatureOf(searcher.IndexReader, article, segments);
        return (StoryOf(searcher, article, signature, segments) ?? article.Url, signature);
    }

    StorySignature SignatureOf(IndexReader reader, Article article, SegmentTerms segments)
    {
        var documents = reader.NumDocs;
        var countedAt = Volatile.Read(ref _docFreqsCountedAt);
        if (documents < countedAt || documents > countedAt * 1.1 + 10)
        {
            _docFreqs.Clear();
            Volatile.Write(ref _docFreqsCountedAt, documents);
        }
        return StorySignature.Of(StorySignature.TermCounts(article), term => _docFreqs.GetOrAdd(term, segments.DocFreq), documents, options.SignatureTerms);
    }

    /// <summary>
    /// One terms enumerator per segment, for all the terms of one article: IndexReader.DocFreq and TermQuery open
    /// new ones for every term, which costs more than the rest of the clustering.
    /// </summary>
    sealed class SegmentTerms(IndexReader reader)
    {
        readonly TermsEnum?[] _segments = [.. reader.Leaves.Select(leaf => leaf.AtomicReader.GetTerms(ArticleFields.Text)?.GetEnumerator())];

        public int DocFreq(string term)
        {
            var bytes = new BytesRef(term);
            return _segments.Sum(terms => terms is not null && terms.SeekExact(bytes) ? terms.DocFreq : 0);
        }

        /// <summary>The term's state in every segment, so that a query on it does not look it up again.</summary>
        public TermContext Context(string term)
        {
            var bytes = new BytesRef(term);
            var context = new TermContext(reader.Context);
            for (var ord = 0; ord < _segments.Length; ord++)
            {
                if (_segments[ord] is { } terms && terms.SeekExact(bytes))
                    context.Register(terms.GetTermState(), ord, terms.DocFreq, terms.TotalTermFreq);
            }
            return context;
        }
    }

    string? StoryOf(IndexSearcher searcher, Article article, StorySignature signature, SegmentTerms segments)
    {
        if (signature.Weights.Count == 0) return null;
        var like = new BooleanQuery();
        foreach (var (term, weight) in signature.Weights)
            like.Add(new TermQuery(new Term(ArticleFields.Text, term), segments.Context(term)) { Boost = (float)weight }, Occur.SHOULD);
        var recent = RecentArticles(article);

        var candidates = searcher.Search(like, new QueryWrapperFilter(recent), options.Candidates).ScoreDocs
            .Select(hit => Compared(searcher, hit.Doc, signature));
        return Choose(candidates, options, (story, similarity) => StorySimilarity(searcher, story, similarity, recent, signature));
    }

    /// <summary>
    /// The rule both the arrival and the batch clustering follow: the story of the most similar candidate that is
    /// similar enough itself and whose story is similar enough on average; null for a story of its own.
    /// </summary>
    internal static string? Choose(IEnumerable<(string Story, double Similarity)> candidates, StoryOptions options,
        Func<string, double, double> storySimilarity)
    {
        foreach (var (story, similarity) in candidates.Where(c => c.Similarity >= options.MinSimilarity).OrderByDescending(c => c.Similarity))
        {
            if (options.MinStorySimilarity <= 0 || storySimilarity(story, similarity) >= options.MinStorySimilarity) return story;
        }
        return null;
    }

    /// <summary>The site's other articles published within the gap of this one's date.</summary>
    Query RecentArticles(Article article)
    {
        var published = article.PubDate!.Value;
        var recent = new BooleanQuery
        {
            { new TermQuery(new Term(ArticleFields.Site, article.Site)), Occur.MUST },
            { new TermQuery(new Term(ArticleFields.Id, ArticleFields.IdOf(article.Site, article.Url))), Occur.MUST_NOT },
        };
        recent.Add(NumericRangeQuery.NewInt64Range(ArticleFields.PubDate,
            (published - options.MaxGap).ToUnixTimeMilliseconds(), (published + options.MaxGap).ToUnixTimeMilliseconds(),
            minInclusive: true, maxInclusive: true), Occur.MUST);
        return recent;
    }

    // Read from doc values: a stored field would decompress the block of stored texts around the article.
    static (string Story, double Similarity) Compared(IndexSearcher searcher, int doc, StorySignature signature) =>
        // An article indexed before stories were assigned is a story of its own.
        (ArticleDocuments.StoryOf(searcher.IndexReader, doc) ?? searcher.Doc(doc, UrlField).Get(ArticleFields.Url) ?? "",
         signature.Similarity(ArticleDocuments.SignatureOf(searcher.IndexReader, doc)));

    /// <summary>The mean similarity to the story's newest recent articles, the candidate among them.</summary>
    double StorySimilarity(IndexSearcher searcher, string story, double candidateSimilarity, Query recent, StorySignature signature)
    {
        if (options.StoryArticlesCompared <= 1) return candidateSimilarity;
        var members = new BooleanQuery
        {
            { new TermQuery(new Term(ArticleFields.Story, story)), Occur.MUST },
            { recent, Occur.MUST },
        };
        var newest = searcher.Search(members, options.StoryArticlesCompared, new Sort(new SortField(ArticleFields.PubDate, SortFieldType.INT64, reverse: true)));
        var similarities = newest.ScoreDocs.Select(hit => Compared(searcher, hit.Doc, signature).Similarity).ToList();
        // The candidate may be older than the newest compared, or from before stories were assigned.
        if (similarities.Count == 0) return candidateSimilarity;
        return similarities.Average();
    }
}
