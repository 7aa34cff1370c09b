using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Util;
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

    /// <summary>
    /// For example "because you read ‘Harbour bridge reopens’ — shares Transport, cables; new": the first three tags,
    /// then title words, of <paramref name="article"/> (different letter case aside) whose terms the seed's terms hold.
    /// </summary>
    /// <param name="terms">The article's <see cref="ReasonTerms"/>, as <see cref="TermsOf"/> gives them.</param>
    public static string Of(string prefix, string seedTitle, Article article, ReasonTerms terms, SeedTermList seedTerms, bool fresh)
    {
        var shared = new List<string>(SharedShown);
        for (var i = 0; i < terms.Tags.Length && shared.Count < SharedShown; i++)
        {
            if (seedTerms.Contains(terms.Tags[i])) AddOnce(shared, article.Tags[i]);
        }
        foreach (var word in terms.TitleWords)
        {
            if (shared.Count == SharedShown) break;
            if (seedTerms.Contains(word.InTitle) || seedTerms.Contains(word.InText)) AddOnce(shared, article.Title.Substring(word.Start, word.Length));
        }
        var parts = new List<string>();
        if (shared.Count > 0) parts.Add("shares " + string.Join(", ", shared));
        if (fresh) parts.Add("new");
        var reason = $"{prefix} ‘{seedTitle}’";
        return parts.Count == 0 ? reason : $"{reason} — {string.Join("; ", parts)}";
    }

    static void AddOnce(List<string> shared, string word)
    {
        foreach (var kept in shared)
        {
            if (string.Equals(kept, word, StringComparison.OrdinalIgnoreCase)) return;
        }
        shared.Add(word);
    }

    /// <summary>
    /// The terms <see cref="Of"/> looks for among a seed's: each tag's, and each title word's as the title and body
    /// fields index it (the article's analyzer run over its title).
    /// </summary>
    public static ReasonTerms TermsOf(Article article)
    {
        var tags = article.Tags.Select(tag => new HashedTerm(new Term(ArticleFields.TagKey, ArticleFields.KeyOf(tag)))).ToArray();
        var words = new List<TitleWord>();
        using var stream = ArticleAnalyzers.For(article.Language).GetTokenStream(ArticleFields.Title, article.Title);
        var term = stream.AddAttribute<ITermToBytesRefAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            term.FillBytesRef();
            // One copy of the token's bytes, which the stream refills, for both terms.
            var bytes = BytesRef.DeepCopyOf(term.BytesRef);
            words.Add(new TitleWord(offset.StartOffset, offset.EndOffset - offset.StartOffset,
                new HashedTerm(new Term(ArticleFields.Title, bytes)), new HashedTerm(new Term(ArticleFields.Text, bytes))));
        }
        stream.End();
        return new ReasonTerms(tags, [.. words]);
    }
}

/// <summary>
/// An article's tags (in its order) and title words as terms, for <see cref="Reasons.Of"/>. Kept with each listed
/// article (<see cref="ArticleIndex.ReasonTermsOf"/>): running the analyzer over each shown article's title on every
/// request was ~3.7 % of a warm personalised request's CPU at 100k articles (docs/BENCHMARKS.md, h-rest5).
/// </summary>
public sealed record ReasonTerms(HashedTerm[] Tags, TitleWord[] TitleWords);

/// <summary>A word of a title: where it is (<c>Title.Substring(Start, Length)</c>), and its term in the title and in the body.</summary>
public readonly record struct TitleWord(int Start, int Length, HashedTerm InTitle, HashedTerm InText);
