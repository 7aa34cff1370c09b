using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>
/// Why an article is recommended, in words a reader could be shown: the read article it resembles, the tags and
/// title words it shares with it, and "new" when it holds a fresh article's place.
/// </summary>
public static class Reasons
{
    const int SharedShown = 3;

    /// <summary>For example "because you read ‘Harbour bridge reopens’ — shares Transport, cables; new".</summary>
    public static string Of(string prefix, string seedTitle, Article article, SeedTermList seedTerms, bool fresh)
    {
        var shared = SharedTags(article, seedTerms).Concat(SharedTitleWords(article, seedTerms))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(SharedShown).ToList();
        var parts = new List<string>();
        if (shared.Count > 0) parts.Add("shares " + string.Join(", ", shared));
        if (fresh) parts.Add("new");
        var reason = $"{prefix} ‘{seedTitle}’";
        return parts.Count == 0 ? reason : $"{reason} — {string.Join("; ", parts)}";
    }

    static IEnumerable<string> SharedTags(Article article, SeedTermList seedTerms) =>
        article.Tags.Where(tag => seedTerms.Contains(new HashedTerm(new Term(ArticleFields.TagKey, ArticleFields.KeyOf(tag)))));

    /// <summary>The words of the article's title, as written, whose analysed term the seed's terms hold.</summary>
    static List<string> SharedTitleWords(Article article, SeedTermList seedTerms)
    {
        var words = new List<string>();
        using var stream = ArticleAnalyzers.For(article.Language).GetTokenStream(ArticleFields.Title, article.Title);
        var term = stream.AddAttribute<ITermToBytesRefAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        // Two terms over the stream's own bytes, which each token refills: a string and two terms (each with its UTF-8
        // bytes) a token were most of the 25 KB that a personalised request's ten reasons allocated (docs/BENCHMARKS.md, h-core).
        var inTitle = new Term(ArticleFields.Title, term.BytesRef);
        var inText = new Term(ArticleFields.Text, term.BytesRef);
        stream.Reset();
        while (stream.IncrementToken())
        {
            term.FillBytesRef();
            if (seedTerms.Contains(new HashedTerm(inTitle)) || seedTerms.Contains(new HashedTerm(inText)))
                words.Add(article.Title[offset.StartOffset..offset.EndOffset]);
        }
        stream.End();
        return words;
    }
}
