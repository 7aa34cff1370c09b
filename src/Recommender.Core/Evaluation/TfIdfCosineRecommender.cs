using System.Buffers;
using System.Text.RegularExpressions;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The baseline of relatedness (in <c>recommender eval</c>) and of speed (in the benchmarks): scikit-learn's
/// <c>TfidfVectorizer(stop_words='english', sublinear_tf=True, min_df=2)</c> over each article's title and body, and
/// a recommendation scores EVERY article by cosine to the weighted sum of the seeds' vectors. As that configuration
/// does: lower-cased text, tokens of two or more word characters (<c>(?u)\b\w\w+\b</c>), its English stop list, terms
/// in at least 2 articles, weight (1 + ln tf) × (ln((1 + n) / (1 + df)) + 1), rows L2-normalised. It is built from the
/// texts, not from our index's terms, so that it stays the peer's method whatever our analysis does.
/// </summary>
public sealed partial class TfIdfCosineRecommender
{
    const int MinDocFreq = 2;

    readonly int[] _rowStart;
    readonly int[] _terms;
    readonly float[] _weights;
    readonly int _vocabulary;

    TfIdfCosineRecommender(int[] rowStart, int[] terms, float[] weights, int vocabulary) =>
        (_rowStart, _terms, _weights, _vocabulary) = (rowStart, terms, weights, vocabulary);

    /// <summary>Rows, one per text given to <see cref="Build"/>, in that order.</summary>
    public int Documents => _rowStart.Length - 1;
    public long Bytes => _rowStart.Length * 4L + _terms.Length * 4L + _weights.Length * 4L;
    public int Vocabulary => _vocabulary;

    /// <summary>One row per text (title and body joined); an empty text gives a row that matches nothing.</summary>
    public static TfIdfCosineRecommender Build(IReadOnlyList<string> texts)
    {
        var counts = new Dictionary<string, int>[texts.Count];
        var docFreqs = new Dictionary<string, int>();
        for (var d = 0; d < texts.Count; d++)
        {
            counts[d] = Counts(texts[d]);
            foreach (var token in counts[d].Keys) docFreqs[token] = docFreqs.GetValueOrDefault(token) + 1;
        }

        var termIds = new Dictionary<string, int>();
        var idfs = new List<float>();
        foreach (var (token, docFreq) in docFreqs)
        {
            if (docFreq < MinDocFreq) continue;
            termIds[token] = idfs.Count;
            idfs.Add((float)(Math.Log((1.0 + texts.Count) / (1.0 + docFreq)) + 1));
        }

        var rowStart = new int[texts.Count + 1];
        var terms = new List<int>();
        var weights = new List<float>();
        for (var d = 0; d < texts.Count; d++)
        {
            var start = terms.Count;
            foreach (var (token, count) in counts[d])
            {
                if (!termIds.TryGetValue(token, out var term)) continue;
                terms.Add(term);
                weights.Add((float)((1 + Math.Log(count)) * idfs[term]));
            }
            rowStart[d + 1] = terms.Count;
            var norm = 0.0;
            for (var k = start; k < terms.Count; k++) norm += weights[k] * weights[k];
            if (norm == 0) continue;
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var k = start; k < terms.Count; k++) weights[k] *= scale;
        }
        return new TfIdfCosineRecommender(rowStart, [.. terms], [.. weights], idfs.Count);
    }

    /// <summary>The text's tokens and their counts, as the vectorizer's analyzer gives them.</summary>
    static Dictionary<string, int> Counts(string text)
    {
        var counts = new Dictionary<string, int>();
        var lower = text.ToLowerInvariant();
        foreach (var match in Token().EnumerateMatches(lower))
        {
            var token = lower.Substring(match.Index, match.Length);
            if (ScikitLearnStopWords.English.Contains(token)) continue;
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return counts;
    }

    [GeneratedRegex(@"\b\w\w+\b")]
    private static partial Regex Token();

    /// <summary>The <paramref name="limit"/> best rows by cosine to the seeds' weighted sum, leaving out <paramref name="excluded"/>.</summary>
    public List<int> Recommend(IReadOnlyList<(int Row, double Weight)> seeds, IReadOnlySet<int> excluded, int limit)
    {
        var profile = ArrayPool<float>.Shared.Rent(_vocabulary);
        try
        {
            Array.Clear(profile, 0, _vocabulary);
            foreach (var (row, weight) in seeds)
            {
                for (var k = _rowStart[row]; k < _rowStart[row + 1]; k++) profile[_terms[k]] += (float)weight * _weights[k];
            }
            // Rows are unit vectors; dividing by the profile's norm would not change the order.
            var best = new PriorityQueue<int, float>(limit + 1);
            for (var row = 0; row < Documents; row++)
            {
                if (excluded.Contains(row)) continue;
                var score = 0f;
                for (var k = _rowStart[row]; k < _rowStart[row + 1]; k++) score += profile[_terms[k]] * _weights[k];
                if (score <= 0) continue;
                best.Enqueue(row, score);
                if (best.Count > limit) best.Dequeue();
            }
            var top = new List<int>(best.Count);
            while (best.Count > 0) top.Add(best.Dequeue());
            top.Reverse();
            return top;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(profile);
        }
    }
}
