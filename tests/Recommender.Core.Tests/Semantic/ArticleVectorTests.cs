using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Semantic;

namespace Recommender.Core.Tests.Semantic;

public class ArticleVectorTests
{
    static float[] Unit(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }

    [Fact]
    public void A_quantised_vector_keeps_its_cosines_within_a_thousandth()
    {
        var (a, b) = (Unit(1), Unit(2));
        var exact = a.Zip(b).Sum(p => (double)p.First * p.Second);

        var quantised = ArticleVector.Quantise(a);

        Assert.InRange(quantised.Cosine(b), exact - 0.001, exact + 0.001);
        Assert.InRange(quantised.Cosine(a), 0.999, 1.0);
    }

    [Fact]
    public void Bytes_and_base64_give_the_same_vector_back()
    {
        var vector = ArticleVector.Quantise(Unit(3));

        var fromBytes = ArticleVector.FromBytes(vector.ToBytes());
        var fromBase64 = ArticleVector.FromBase64(vector.ToBase64());

        Assert.Equal(vector.ToFloats(), fromBytes!.ToFloats());
        Assert.Equal(vector.ToFloats(), fromBase64!.ToFloats());
        Assert.Null(ArticleVector.FromBase64("not a vector"));
        Assert.Null(ArticleVector.FromBytes([1, 2]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(45)]
    [InlineData(384)]
    [InlineData(399)]
    public void Stored_bytes_dequantise_to_the_vector_s_values_at_any_length(int dimensions)
    {
        // The extremes (±127 steps) and every value between, in an order that changes from one block of 32 to the next.
        var values = Enumerable.Range(0, dimensions).Select(d => (float)Math.Sin(d * 0.37) * (d % 5 == 0 ? -1 : 1)).ToArray();
        var vector = ArticleVector.Quantise(values);
        var stored = vector.ToBytes();
        var dequantised = new float[dimensions];

        ArticleVector.DequantiseStored(stored, dequantised);

        Assert.Equal(vector.ToFloats(), dequantised);
    }

    [Fact]
    public void An_article_s_json_carries_its_vector_and_refuses_one_that_is_not()
    {
        var article = new Article { Site = "news.example", Url = "https://news.example/a", Title = "A", Vector = ArticleVector.Quantise(Unit(4)) };

        var json = JsonSerializer.Serialize(ArticleJson.From(article), ArticleJson.Options);
        Assert.True(JsonSerializer.Deserialize<ArticleJson>(json, ArticleJson.Options)!.TryToArticle("news.example", out var back, out _));
        var broken = JsonSerializer.Deserialize<ArticleJson>(json, ArticleJson.Options)!;
        broken.Vector = Convert.ToBase64String(new byte[20]);

        Assert.Equal(article.Vector.ToFloats(), back!.Vector!.ToFloats());
        Assert.False(broken.TryToArticle("news.example", out _, out var error));
        Assert.StartsWith("vector:", error);
    }
}
