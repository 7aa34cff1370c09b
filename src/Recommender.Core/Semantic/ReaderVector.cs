using Lucene.Net.Index;
using Lucene.Net.Util;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Semantic;

/// <summary>
/// What a page or reader means, from the vectors stored with the articles (<see cref="ArticleVector"/>): the mean of
/// the seeds' vectors, each weighted as the lexical profile weighs it (2^(−age/half-life) × training weight), and
/// candidates' cosines with it. Reads doc values only; no model runs here.
/// </summary>
public static class ReaderVector
{
    /// <summary>The weighted mean of the vectors of <paramref name="seeds"/> that have one; null when none has.</summary>
    public static float[]? Of(IndexReader reader, IReadOnlyList<Seed> seeds)
    {
        float[]? sum = null;
        foreach (var seed in seeds)
        {
            if (seed.Weight <= 0 || ArticleDocuments.VectorOf(reader, seed.Doc) is not { } vector) continue;
            sum ??= new float[vector.Dimensions];
            vector.AddTo(sum, seed.Weight);
        }
        return sum;
    }

    /// <summary>Each of <paramref name="docs"/>' cosine with <paramref name="vector"/>; 0 for a document without a vector.</summary>
    public static double[] Cosines(IndexReader reader, ReadOnlySpan<float> vector, IReadOnlyList<int> docs)
    {
        var cosines = new double[docs.Count];
        var normSquared = ArticleVector.NormSquared(vector);
        var bytes = new BytesRef();
        var leaves = reader.Leaves;
        for (var i = 0; i < docs.Count; i++)
        {
            var leaf = leaves[ReaderUtil.SubIndex(docs[i], leaves)];
            if (leaf.AtomicReader.GetBinaryDocValues(ArticleFields.Vector) is not { } vectors) continue;
            vectors.Get(docs[i] - leaf.DocBase, bytes);
            cosines[i] = ArticleVector.CosineOfStored(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length), vector, normSquared);
        }
        return cosines;
    }

    /// <summary>
    /// The relevance of <paramref name="docs"/> blended with their cosines with the seeds' mean vector
    /// (<see cref="HybridScore.WithMeaning"/>), as <c>/related</c> and <c>/rank</c> both rank; null when no seed has a vector.
    /// </summary>
    public static double[]? WithMeaning(IndexReader reader, IReadOnlyList<Seed> seeds, IReadOnlyList<int> docs, IReadOnlyList<double> relevance, double weight) =>
        Of(reader, seeds) is { } meaning ? HybridScore.WithMeaning(relevance, Cosines(reader, meaning, docs), weight) : null;
}
