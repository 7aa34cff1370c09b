using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Semantic;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Semantic;

public sealed class ReaderVectorTests : IDisposable
{
    internal const string Site = "news.example";
    readonly TempIndexDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Feedback_adds_the_mean_of_the_best_unit_vectors_to_the_unit_meaning()
    {
        // (2, 0) is (1, 0) at unit length; (0, 3) is (0, 1); (4, 0) is (1, 0).
        Assert.Equal([1f, 1f], ReaderVector.FedBack([2, 0], [new float[] { 0, 3 }], feedbackWeight: 1));
        Assert.Equal([1.5f, 0.5f], ReaderVector.FedBack([2, 0], [new float[] { 0, 3 }, new float[] { 4, 0 }], feedbackWeight: 1));
        Assert.Equal([1.25f, 0.25f], ReaderVector.FedBack([2, 0], [new float[] { 0, 3 }, new float[] { 4, 0 }], feedbackWeight: 0.5));
        Assert.Equal([1f, 0f], ReaderVector.FedBack([2, 0], [], feedbackWeight: 1));
    }

    [Fact]
    public void The_best_are_the_highest_first_and_the_earlier_of_equal_scores_first()
    {
        Assert.Equal([1, 2, 3], ReaderVector.Best([1, 3, 3, 2, 0], 3));
        Assert.Equal([4, 0], ReaderVector.Best([2, 2, 2, 2, 5], 2));
        Assert.Equal([1, 0], ReaderVector.Best([0.5, 0.7], 5));
    }

    [Fact]
    public void Feedback_ranks_a_candidate_like_the_window_s_best_above_one_only_a_little_closer_to_the_page()
    {
        // The page points along x. Three candidates lean toward y (cosine 0.707), "lonely" toward z (0.781), "agreeing"
        // toward y (0.743): by the page's own meaning "lonely" is closer, but the five best (lonely, agreeing and the three)
        // lean toward y, and the meaning moved toward them (1.73, 0.56, 0.13) puts "agreeing" first (0.911 against 0.784).
        using var index = ArticleIndex.Open(_dir.Path);
        (string Path, float[] Direction)[] articles =
        [
            ("page", [1, 0, 0]), ("lonely", [1, 0, 0.8f]), ("agreeing", [1, 0.9f, 0]),
            ("y1", [1, 1, 0]), ("y2", [1, 1, 0]), ("y3", [1, 1, 0]),
        ];
        foreach (var (path, direction) in articles) index.Upsert(Article(path, direction));
        index.Refresh();

        var (plain, fedBack) = index.WithSearcher(searcher =>
        {
            int Doc(string path) => index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value;
            var seeds = new[] { new Seed(Doc("page"), 1) };
            int[] candidates = [Doc("lonely"), Doc("agreeing"), Doc("y1"), Doc("y2"), Doc("y3")];
            double[] sameRelevance = [1, 1, 1, 1, 1];
            return (ReaderVector.WithMeaning(searcher.IndexReader, seeds, candidates, sameRelevance, SemanticWeights.Default)!,
                ReaderVector.WithMeaningFedBack(searcher.IndexReader, seeds, candidates, sameRelevance, SemanticWeights.Default)!);
        });

        Assert.True(plain[0] > plain[1], $"without feedback: lonely {plain[0]:0.000}, agreeing {plain[1]:0.000}");
        Assert.True(fedBack[1] > fedBack[0], $"with feedback: lonely {fedBack[0]:0.000}, agreeing {fedBack[1]:0.000}");
    }

    [Fact]
    public void Reads_each_document_s_vector_across_segments_in_the_order_asked_and_none_for_one_without()
    {
        using var index = ArticleIndex.Open(_dir.Path);
        // One refresh per article: each lands in a segment of its own, so the read crosses leaves back and forth.
        (string Path, float[]? Direction)[] articles = [("x", [1, 0, 0]), ("none", null), ("xy", [1, 1, 0]), ("z", [0, 0, 2])];
        foreach (var (path, direction) in articles)
        {
            index.Upsert(Article(path, direction));
            index.Refresh();
        }

        var (leaves, vectors, expected, cosines) = index.WithSearcher(searcher =>
        {
            var reader = searcher.IndexReader;
            int[] docs = [.. new[] { "z", "none", "x", "xy", "z" }.Select(path => index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value)];
            var vectors = StoredVectors.Read(reader, docs);
            var expected = docs.Select(doc => ArticleDocuments.VectorOf(reader, doc)?.ToFloats() ?? []).ToList();
            return (reader.Leaves.Count, vectors, expected, vectors.Cosines(Values([1, 0, 0])));
        });

        Assert.True(leaves > 1, $"{leaves} segment(s)");
        Assert.Equal(5, vectors.Count);
        Assert.False(vectors.Has(1));
        for (var i = 0; i < vectors.Count; i++) Assert.Equal(expected[i], vectors[i].ToArray());
        // Against (1, 0, 0): z is at a right angle, x along it, xy at 45°, and "none" counts as 0.
        double[] byHand = [0, 0, 1, Math.Sqrt(0.5), 0];
        for (var i = 0; i < byHand.Length; i++) Assert.Equal(byHand[i], cosines[i], 0.001);
    }

    [Fact]
    public void Reads_vectors_longer_than_the_model_s_from_one_segment()
    {
        // Three articles in one segment, each vector three times the model's length (another embedder's): the segment's
        // vectors outgrow the room made for the model's.
        using var index = ArticleIndex.Open(_dir.Path);
        string[] paths = ["a", "b", "c"];
        for (var n = 0; n < paths.Length; n++)
        {
            var values = Enumerable.Range(0, 3 * MiniLmEmbedder.Dimensions).Select(d => (float)Math.Sin(d + n)).ToArray();
            index.Upsert(Article(paths[n], null) with { Vector = ArticleVector.Quantise(values) });
        }
        index.Refresh();

        var (vectors, expected) = index.WithSearcher(searcher =>
        {
            int[] docs = [.. new[] { "c", "a", "b" }.Select(path => index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value)];
            return (StoredVectors.Read(searcher.IndexReader, docs), docs.Select(doc => ArticleDocuments.VectorOf(searcher.IndexReader, doc)!.ToFloats()).ToList());
        });

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(3 * MiniLmEmbedder.Dimensions, vectors[i].Length);
            Assert.Equal(expected[i], vectors[i].ToArray());
        }
    }

    [Fact]
    public void A_cosine_is_zero_for_a_zero_vector_or_vectors_of_different_sizes()
    {
        Assert.Equal(0, StoredVectors.Cosine([1, 0], 1, [0, 0], 0));
        Assert.Equal(0, StoredVectors.Cosine([1, 0], 1, [1, 0, 0], 1));
        Assert.Equal(-1, StoredVectors.Cosine([2, 0], 2, [-3, 0], 3), 6);
    }

    internal static float[] Values(float[] direction)
    {
        var values = new float[MiniLmEmbedder.Dimensions];
        direction.CopyTo(values, 0);
        return values;
    }

    /// <summary>An article of <see cref="Site"/> at /<paramref name="path"/> whose vector points along <paramref name="direction"/>.</summary>
    internal static Article Article(string path, float[]? direction) => new()
    {
        Site = Site, Url = $"https://{Site}/{path}", Title = path, Text = $"{path} text",
        Vector = direction is null ? null : ArticleVector.Quantise(Values(direction)),
    };
}
