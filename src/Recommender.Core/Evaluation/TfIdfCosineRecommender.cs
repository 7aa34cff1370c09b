using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The baseline of relatedness (in <c>recommender eval</c>) and of speed (in the benchmarks): every article as an
/// L2-normalised TF-IDF vector over its title and text terms (tf × idf; a title term is its own dimension, weighted
/// as a body term: plain TF-IDF, which measured stronger here than title terms weighted 2 or 0.5, see
/// docs/EVALUATION.md), and a recommendation scores EVERY article by cosine to the weighted sum of the seeds'
/// vectors. Vectors are built once from the index's postings, rows sorted by doc.
/// </summary>
public sealed class TfIdfCosineRecommender
{
    const double TitleWeight = 1.0;

    readonly int[] _rowStart;
    readonly int[] _terms;
    readonly float[] _weights;
    readonly int _vocabulary;
    readonly IBits? _liveDocs;

    TfIdfCosineRecommender(int[] rowStart, int[] terms, float[] weights, int vocabulary, IBits? liveDocs) =>
        (_rowStart, _terms, _weights, _vocabulary, _liveDocs) = (rowStart, terms, weights, vocabulary, liveDocs);

    public int Documents => _rowStart.Length - 1;
    public long Bytes => _rowStart.Length * 4L + _terms.Length * 4L + _weights.Length * 4L;
    public int Vocabulary => _vocabulary;

    public static TfIdfCosineRecommender Build(IndexReader reader)
    {
        var fields = new[] { (ArticleFields.Text, 1.0), (ArticleFields.Title, TitleWeight) };
        var documents = reader.MaxDoc;
        var liveDocs = MultiFields.GetLiveDocs(reader);

        // Two passes over the postings: count each row's entries, then fill them.
        var rowStart = new int[documents + 1];
        ForEachPosting(reader, fields, (doc, _, _) => rowStart[doc + 1]++);
        for (var d = 0; d < documents; d++) rowStart[d + 1] += rowStart[d];
        var terms = new int[rowStart[documents]];
        var weights = new float[rowStart[documents]];
        var filled = (int[])rowStart.Clone();
        var vocabulary = ForEachPosting(reader, fields, (doc, term, weight) =>
        {
            terms[filled[doc]] = term;
            weights[filled[doc]++] = weight;
        });

        for (var d = 0; d < documents; d++)
        {
            var row = weights.AsSpan(rowStart[d], rowStart[d + 1] - rowStart[d]);
            var norm = 0.0;
            foreach (var w in row) norm += w * w;
            if (norm == 0) continue;
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var k = 0; k < row.Length; k++) row[k] *= scale;
        }
        return new TfIdfCosineRecommender(rowStart, terms, weights, vocabulary, liveDocs);
    }

    /// <summary>Calls <paramref name="visit"/>(doc, term id, tf × idf × field weight) for every live posting; returns the term count.</summary>
    static int ForEachPosting(IndexReader reader, (string Name, double Weight)[] fields, Action<int, int, float> visit)
    {
        var documents = reader.NumDocs;
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var termId = 0;
        foreach (var (name, fieldWeight) in fields)
        {
            var termsEnum = MultiFields.GetTerms(reader, name)?.GetEnumerator();
            if (termsEnum is null) continue;
            DocsEnum? docs = null;
            while (termsEnum.MoveNext())
            {
                var idf = 1 + Math.Log(documents / (termsEnum.DocFreq + 1.0));
                docs = termsEnum.Docs(liveDocs, docs, DocsFlags.FREQS);
                while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                    visit(docs.DocID, termId, (float)(fieldWeight * docs.Freq * idf));
                termId++;
            }
        }
        return termId;
    }

    /// <summary>The <paramref name="limit"/> best articles by cosine to the seeds' weighted sum, leaving out <paramref name="excluded"/>.</summary>
    public List<int> Recommend(IReadOnlyList<(int Doc, double Weight)> seeds, IReadOnlySet<int> excluded, int limit)
    {
        var profile = ArrayPool<float>.Shared.Rent(_vocabulary);
        try
        {
            Array.Clear(profile, 0, _vocabulary);
            foreach (var (doc, weight) in seeds)
            {
                for (var k = _rowStart[doc]; k < _rowStart[doc + 1]; k++) profile[_terms[k]] += (float)weight * _weights[k];
            }
            // Document rows are unit vectors; dividing by the profile's norm would not change the order.
            var best = new PriorityQueue<int, float>(limit + 1);
            for (var doc = 0; doc < Documents; doc++)
            {
                if (_liveDocs is not null && !_liveDocs.Get(doc) || excluded.Contains(doc)) continue;
                var score = 0f;
                for (var k = _rowStart[doc]; k < _rowStart[doc + 1]; k++) score += profile[_terms[k]] * _weights[k];
                if (score <= 0) continue;
                best.Enqueue(doc, score);
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
