using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.TokenAttributes;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Stories;

/// <summary>
/// An article's most distinctive terms, weighted by tf × idf and scaled to unit length, so that the cosine
/// similarity of two articles is the sum of the products of their shared terms' weights. Kept with the
/// article, so that comparing with it never re-reads its text.
/// </summary>
public sealed class StorySignature(IReadOnlyDictionary<string, double> weights)
{
    // Title words say what the event is more often than body words; the same weight as profile queries give them.
    const double TitleWeight = 2.0;

    public IReadOnlyDictionary<string, double> Weights { get; } = weights;

    /// <summary>The signature of an article that is compared with none (it has no date).</summary>
    public static readonly StorySignature None = new(new Dictionary<string, double>());

    /// <summary>How often each term occurs in the article, title terms counting double; analysed as the index analyses the article.</summary>
    public static Dictionary<string, double> TermCounts(Article article)
    {
        var counts = new Dictionary<string, double>();
        var analyzer = ArticleAnalyzers.For(article.Language);
        Count(analyzer, article.Title, TitleWeight, counts);
        Count(analyzer, article.Text, 1, counts);
        return counts;
    }

    static void Count(Lucene.Net.Analysis.Analyzer analyzer, string text, double weight, Dictionary<string, double> counts)
    {
        using var stream = analyzer.GetTokenStream(ArticleFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var key = term.ToString();
            counts[key] = counts.GetValueOrDefault(key) + weight;
        }
        stream.End();
    }

    /// <summary>
    /// The best <paramref name="terms"/> of the counted terms by tf × idf, where <paramref name="docFreq"/> says how
    /// many of the <paramref name="documents"/> other articles have a term. A term no other article has yet is kept:
    /// the first article of an event is the one that brings its new names.
    /// </summary>
    public static StorySignature Of(IReadOnlyDictionary<string, double> counts, Func<string, int> docFreq, int documents, int terms)
    {
        var scored = counts.Select(c => (Term: c.Key, Score: c.Value * (1 + Math.Log((documents + 1.0) / (docFreq(c.Key) + 1))))).ToList();
        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Term, b.Term));
        var best = scored.Take(terms).ToList();
        var length = Math.Sqrt(best.Sum(t => t.Score * t.Score));
        return new StorySignature(best.ToDictionary(t => t.Term, t => t.Score / length));
    }

    public double Similarity(StorySignature other)
    {
        var (small, large) = Weights.Count <= other.Weights.Count ? (Weights, other.Weights) : (other.Weights, Weights);
        return small.Sum(t => large.TryGetValue(t.Key, out var weight) ? t.Value * weight : 0);
    }

    /// <summary>One "term weight" pair a line; analysed terms never hold whitespace.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (term, weight) in Weights)
            text.Append(term).Append(' ').Append(weight.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>The signature <see cref="ToString"/> wrote; lines that are not such a pair are skipped.</summary>
    public static StorySignature Parse(string? text)
    {
        var weights = new Dictionary<string, double>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                weights[line[..space]] = weight;
        }
        return new StorySignature(weights);
    }
}
