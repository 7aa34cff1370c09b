using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Evaluation;

/// <summary>An extraction method under evaluation.</summary>
public sealed record Extractor(string Name, Func<string, Uri, ExtractedPage> Extract)
{
    /// <summary>What the crawler uses: <see cref="ArticleExtractor"/>.</summary>
    public static readonly Extractor Recommender = new("recommender", new ArticleExtractor().Extract);

    /// <summary>Our own body heuristic alone, without SmartReader.</summary>
    public static readonly Extractor Heuristic = new("heuristic", new ArticleExtractor(useReadability: false).Extract);

    /// <summary>SmartReader, the Readability port, on its own: its title, byline, date and text.</summary>
    public static readonly Extractor SmartReader = new("smartreader", (html, url) =>
    {
        var article = new SmartReader.Reader(url.AbsoluteUri, html).GetArticle();
        return new ExtractedPage
        {
            Title = article.Title ?? "",
            Authors = string.IsNullOrWhiteSpace(article.Byline ?? article.Author) ? [] : [(article.Byline ?? article.Author)!],
            PubDate = article.PublicationDate is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null,
            Text = article.TextContent ?? "",
        };
    });

    public static readonly IReadOnlyList<Extractor> All = [Recommender, Heuristic, SmartReader];
}
