using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Crawler.Crawling;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// A crawled article as a record of the articles topic: the article in its JSON shape, its site and the
/// addresses that lead to it. The key is the site and canonical URL, so compaction keeps the newest crawl.
/// </summary>
public sealed record ArticleMessage(string Site, ArticleJson Article, IReadOnlyList<string> Aliases)
{
    public static string KeyOf(Article article) => $"{article.Site} {article.Url}";

    /// <summary>The site and URL of a key, or null when it is not one of ours (a site key has no space).</summary>
    public static (string Site, string Url)? ParseKey(string? key) =>
        key?.Split(' ', 2) is [{ Length: > 0 } site, { Length: > 0 } url] ? (site, url) : null;

    public static byte[] Serialize(CrawledArticle crawled) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ArticleMessage(crawled.Article.Site, ArticleJson.From(crawled.Article), crawled.Aliases), ArticleJson.Options);

    /// <summary>The crawled article, or null with the reason when the record is not a valid one.</summary>
    public static CrawledArticle? Deserialize(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            if (JsonSerializer.Deserialize<ArticleMessage>(json, ArticleJson.Options) is not { Site.Length: > 0 } message)
            {
                error = "site: missing";
                return null;
            }
            if (!message.Article.TryToArticle(message.Site, out var article, out error)) return null;
            return new CrawledArticle(article!, message.Aliases ?? []);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }
}
