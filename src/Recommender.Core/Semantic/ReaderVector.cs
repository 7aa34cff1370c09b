using System.Numerics.Tensors;
using Lucene.Net.Index;
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
        using var vectors = StoredVectors.Read(reader, [.. seeds.Select(seed => seed.Doc)]);
        float[]? sum = null;
        for (var i = 0; i < seeds.Count; i++)
        {
            if (seeds[i].Weight <= 0 || !vectors.Has(i)) continue;
            sum ??= new float[vectors[i].Length];
            var length = Math.Min(sum.Length, vectors[i].Length);
            TensorPrimitives.MultiplyAdd(vectors[i][..length], (float)seeds[i].Weight, sum.AsSpan(0, length), sum.AsSpan(0, length));
        }
        return sum;
    }

    /// <summary>How many of the first pass's best candidates <see cref="WithMeaningFedBack"/> moves the meaning toward.</summary>
    public const int FeedbackCandidates = 5;

    /// <summary>
    /// With what weight, against the page's own (unit) meaning, the mean of those candidates' (unit) vectors is added.
    /// Measured on both shared sets, labels withheld (docs/EVALUATION.md, "Meaning fed back"): 5 candidates at 1 gave
    /// BBC 0.934 and MIND 0.352 of the top 10 in the label, against 0.928 and 0.338 without; 3 at 1, 0.933 / 0.355;
    /// 5 at 0.5, 0.933 / 0.349; 10 at 1, 0.931 / 0.345. So the gain does not hang on the exact values.
    /// </summary>
    public const double FeedbackWeight = 1;

    /// <summary>
    /// As <see cref="WithMeaning"/>, twice: the blend ranks the candidates once, then the meaning is moved toward its
    /// <see cref="FeedbackCandidates"/> best (<see cref="FedBack"/>: pseudo-relevance feedback, Rocchio's rule on the
    /// vectors) and the candidates are blended again with their cosines to the moved meaning. A page's own vector reads its
    /// title and lead only (the model's first 256 word pieces); the best candidates, which both words and meaning agree
    /// on, say what the whole set of related articles is about. Each candidate's vector is read once; the second pass
    /// costs one more cosine per candidate. Null when no seed has a vector.
    /// </summary>
    public static double[]? WithMeaningFedBack(IndexReader reader, IReadOnlyList<Seed> seeds, IReadOnlyList<int> docs,
        IReadOnlyList<double> relevance, double weight)
    {
        if (Of(reader, seeds) is not { } meaning) return null;
        using var vectors = StoredVectors.Read(reader, docs);
        var first = HybridScore.WithMeaning(relevance, vectors.Cosines(meaning), weight);
        // The best's vectors where the read left them, not copied: five arrays of 384 floats, 7.5 KB a request.
        var best = new List<ReadOnlyMemory<float>>(FeedbackCandidates);
        foreach (var i in Best(first, FeedbackCandidates))
        {
            if (vectors.Has(i)) best.Add(vectors.Memory(i));
        }
        return HybridScore.WithMeaning(relevance, vectors.Cosines(FedBack(meaning, best, FeedbackWeight)), weight);
    }

    /// <summary>
    /// The places of the <paramref name="count"/> highest <paramref name="scores"/>, highest first, the earlier of equal
    /// scores first (as a stable sort by score gives them): picked one after another, where LINQ's ordering of the whole
    /// window (~140 candidates) for its best five was 3.7 % of a personalised request at 100k articles (docs/BENCHMARKS.md, h-core).
    /// </summary>
    internal static List<int> Best(double[] scores, int count)
    {
        var best = new List<int>(count);
        while (best.Count < Math.Min(count, scores.Length))
        {
            var top = -1;
            for (var i = 0; i < scores.Length; i++)
            {
                if (!best.Contains(i) && (top < 0 || scores[i].CompareTo(scores[top]) > 0)) top = i;
            }
            best.Add(top);
        }
        return best;
    }

    /// <summary>
    /// <paramref name="meaning"/> moved toward <paramref name="best"/>: its unit vector plus <paramref name="feedbackWeight"/>
    /// times the mean of their unit vectors; its unit vector alone when <paramref name="best"/> is empty.
    /// </summary>
    public static float[] FedBack(ReadOnlySpan<float> meaning, IReadOnlyList<ReadOnlyMemory<float>> best, double feedbackWeight)
    {
        var moved = meaning.ToArray();
        var norm = TensorPrimitives.Norm(meaning);
        if (norm > 0) TensorPrimitives.Divide(moved, norm, moved);
        foreach (var memory in best)
        {
            var vector = memory.Span;
            // Each value divided by the length as it is added, not a unit copy of each vector made first: the same division.
            var length = TensorPrimitives.Norm<float>(vector);
            var share = (float)(feedbackWeight / best.Count);
            for (var i = 0; i < moved.Length && i < vector.Length; i++) moved[i] += share * (length > 0 ? vector[i] / length : vector[i]);
        }
        return moved;
    }

    /// <summary>
    /// The relevance of <paramref name="docs"/> blended with their cosines with the seeds' mean vector
    /// (<see cref="HybridScore.WithMeaning"/>), as <c>/related</c> and <c>/rank</c> both rank; null when no seed has a vector.
    /// </summary>
    public static double[]? WithMeaning(IndexReader reader, IReadOnlyList<Seed> seeds, IReadOnlyList<int> docs, IReadOnlyList<double> relevance, double weight)
    {
        if (Of(reader, seeds) is not { } meaning) return null;
        using var vectors = StoredVectors.Read(reader, docs);
        return HybridScore.WithMeaning(relevance, vectors.Cosines(meaning), weight);
    }
}
