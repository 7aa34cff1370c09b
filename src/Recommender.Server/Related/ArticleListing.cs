using Recommender.Core.Recommendations;

namespace Recommender.Server.Related;

/// <summary>The answer of every list endpoint: <c>{"data": [...]}</c>, as Parse.ly shapes it.</summary>
public sealed record ArticleListing(IReadOnlyList<ArticleListingItem> Data)
{
    public static ArticleListing From(IEnumerable<Recommendation> recommendations) =>
        new([.. recommendations.Select(ArticleListingItem.From)]);
}

/// <summary>One listed article; times are UTC and written with a Z.</summary>
public sealed record ArticleListingItem(
    string Url,
    string Title,
    IReadOnlyList<string> Authors,
    string? Section,
    IReadOnlyList<string> Tags,
    DateTime? PubDate,
    string? ImageUrl,
    string? Description,
    double Score,
    string Reason)
{
    public static ArticleListingItem From(Recommendation r) => new(
        r.Article.Url, r.Article.Title, r.Article.Authors, r.Article.Section, r.Article.Tags,
        r.Article.PubDate?.UtcDateTime, r.Article.ImageUrl, r.Article.Description, Math.Round(r.Score, 4), r.Reason);
}
