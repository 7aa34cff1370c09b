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
    public static TfIdfCosineRecommender Build(IReadOnlyList<string> texts) => Build(texts.Count, d => texts[d]);

    /// <summary>
    /// As <see cref="Build(IReadOnlyList{string})"/>, with each text asked of <paramref name="textOf"/> twice, once to
    /// count document frequencies and once to fill its row, so that only the rows and the vocabulary are held: 1M
    /// BBC-length texts are ~5 GB of strings, and their counts kept as a dictionary per text until every text was
    /// counted passed 13.8 GB before the build was stopped (docs/BENCHMARKS.md, h-million).
    /// </summary>
    public static TfIdfCosineRecommender Build(int count, Func<int, string> textOf)
    {
        var tokens = new TokenCounts();
        for (var d = 0; d < count; d++)
        {
            foreach (var token in tokens.Count(textOf(d))) tokens.DocFreqs[token]++;
        }

        // Terms numbered in the order the texts first use them, and a row's terms in the order its text first uses them.
        var termOf = new int[tokens.DocFreqs.Count];
        var idfs = new List<float>();
        var entries = 0L;
        for (var token = 0; token < termOf.Length; token++)
        {
            var docFreq = tokens.DocFreqs[token];
            termOf[token] = docFreq < MinDocFreq ? -1 : idfs.Count;
            if (termOf[token] < 0) continue;
            idfs.Add((float)(Math.Log((1.0 + count) / (1.0 + docFreq)) + 1));
            entries += docFreq;
        }

        var rowStart = new int[count + 1];
        var terms = new int[entries];
        var weights = new float[entries];
        var end = 0;
        for (var d = 0; d < count; d++)
        {
            var start = end;
            foreach (var token in tokens.Count(textOf(d)))
            {
                var term = termOf[token];
                if (term < 0) continue;
                terms[end] = term;
                weights[end++] = (float)((1 + Math.Log(tokens.Occurrences[token])) * idfs[term]);
            }
            rowStart[d + 1] = end;
            var norm = 0.0;
            for (var k = start; k < end; k++) norm += weights[k] * weights[k];
            if (norm == 0) continue;
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var k = start; k < end; k++) weights[k] *= scale;
        }
        return new TfIdfCosineRecommender(rowStart, terms, weights, idfs.Count);
    }

    /// <summary>
    /// Tokens as the vectorizer's analyzer gives them, numbered in the order they are first met, stop words left out;
    /// each token's string is made once, not once per occurrence.
    /// </summary>
    sealed class TokenCounts
    {
        const int StopWord = -1;
        readonly Dictionary<string, int> _numbers = [];
        readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
        readonly List<int> _distinct = [];

        public TokenCounts() => _bySpan = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>Texts that have each token, by its number; filled by the caller.</summary>
        public List<int> DocFreqs { get; } = [];

        /// <summary>How often the last counted text has each of its tokens, by number.</summary>
        public List<int> Occurrences { get; } = [];

        /// <summary>The text's distinct tokens in the order it first uses them; their counts in <see cref="Occurrences"/>.</summary>
        public List<int> Count(string text)
        {
            foreach (var token in _distinct) Occurrences[token] = 0;
            _distinct.Clear();
            var lower = text.ToLowerInvariant();
            foreach (var match in Token().EnumerateMatches(lower))
            {
                var span = lower.AsSpan(match.Index, match.Length);
                if (!_bySpan.TryGetValue(span, out var number))
                {
                    var token = span.ToString();
                    number = ScikitLearnStopWords.English.Contains(token) ? StopWord : DocFreqs.Count;
                    _numbers[token] = number;
                    if (number == StopWord) continue;
                    DocFreqs.Add(0);
                    Occurrences.Add(0);
                }
                if (number == StopWord) continue;
                if (Occurrences[number]++ == 0) _distinct.Add(number);
            }
            return _distinct;
        }
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
