using Recommender.Core.Articles;

namespace Recommender.Core.Semantic;

/// <summary>
/// Gives articles their vectors when they are indexed, never on a request: the title, the description and the
/// body, of which the model reads the first 256 word pieces (<see cref="MiniLmEmbedder.MaxWordPieces"/>), so the
/// title and lead. Only articles of sites whose semantic layer is on (<paramref name="embedsSite"/>), in a language
/// the model speaks, and without a vector yet (an article from the Kafka articles topic carries the one the crawler
/// computed) are embedded.
/// </summary>
public sealed class ArticleEmbedder(Func<MiniLmEmbedder> model, Func<string, bool> embedsSite)
{
    /// <summary>Every site's articles, with the process's shared model.</summary>
    public static ArticleEmbedder ForAllSites { get; } = new(() => MiniLmEmbedder.Shared, _ => true);

    /// <summary>The text embedded for <paramref name="article"/>.</summary>
    public static string TextOf(Article article) =>
        string.Join(". ", new[] { article.Title, article.Description, article.Text }.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim()));

    /// <summary>Whether <paramref name="article"/> is to be embedded: see the class.</summary>
    public bool Needs(Article article) =>
        article.Vector is null && MiniLmEmbedder.Speaks(article.Language) && embedsSite(article.Site);

    /// <summary>The article with its vector when it needs one (<see cref="Needs"/>), else as it was.</summary>
    public Article WithVector(Article article) => WithVectors([article])[0];

    /// <summary>As <see cref="WithVector"/> for many, embedded in batches of texts of similar length.</summary>
    public IReadOnlyList<Article> WithVectors(IReadOnlyList<Article> articles)
    {
        var needing = Enumerable.Range(0, articles.Count).Where(i => Needs(articles[i])).ToList();
        if (needing.Count == 0) return articles;
        var vectors = model().Embed([.. needing.Select(i => TextOf(articles[i]))]);
        var result = articles.ToArray();
        for (var j = 0; j < needing.Count; j++) result[needing[j]] = articles[needing[j]] with { Vector = ArticleVector.Quantise(vectors[j]) };
        return result;
    }
}
