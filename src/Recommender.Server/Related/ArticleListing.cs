using Recommender.Core.ClickThrough;
using Recommender.Core.Recommendations;

namespace Recommender.Server.Related;

/// <summary>
/// The answer of every list endpoint: <c>{"rec_id": "...", "data": [...]}</c>, <c>data</c> as Parse.ly shapes it;
/// <c>rec_id</c> names the answer (<see cref="RecommendationId"/>) for click-through: the tag's box adds it, with the
/// item's position, to each link.
/// </summary>
public sealed record ArticleListing(string RecId, IReadOnlyList<ArticleListingItem> Data)
{
    public static ArticleListing From(RecommendationId id, IEnumerable<Recommendation> recommendations) =>
        new(id.ToString(), [.. recommendations.Select(ArticleListingItem.From)]);
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
