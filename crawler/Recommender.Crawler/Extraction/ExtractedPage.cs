using Recommender.Core.Articles;

namespace Recommender.Crawler.Extraction;

/// <summary>What <see cref="ArticleExtractor"/> found in one HTML page: metadata and the body text.</summary>
public sealed record ExtractedPage
{
    /// <summary>The page's own idea of its address (link rel=canonical, og:url, JSON-LD url), absolute; null when it states none.</summary>
    public string? CanonicalUrl { get; init; }

    public string Title { get; init; } = "";
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Section { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Publication time, in the offset the page stated (its calendar day is the page's own); UTC in <see cref="ToArticle"/>.</summary>
    public DateTimeOffset? PubDate { get; init; }

    /// <summary>Last modification time, in the offset the page stated.</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The lead image, absolute.</summary>
    public string? ImageUrl { get; init; }

    public string? Description { get; init; }

    /// <summary>ISO 639-1 code such as "en" or "de", lower case; null when the page does not say.</summary>
    public string? Language { get; init; }

    /// <summary>The article body: paragraphs separated by blank lines, without navigation and other boilerplate.</summary>
    public string Text { get; init; } = "";

    /// <summary>For each field found, the rule that chose it (such as "meta og:title" or "JSON-LD datePublished"): why a page looks as it does.</summary>
    public IReadOnlyDictionary<string, string> Rules { get; init; } = new Dictionary<string, string>();

    /// <summary>The page as an article of <paramref name="site"/>, identified by its canonical URL or else the fetched one.</summary>
    public Article ToArticle(string site, Uri fetchedUrl) => new()
    {
        Site = site,
        Url = Core.Articles.CanonicalUrl.Normalize(CanonicalUrl) ?? Core.Articles.CanonicalUrl.Normalize(fetchedUrl.AbsoluteUri) ?? fetchedUrl.AbsoluteUri,
        Title = Title,
        Authors = Authors,
        Section = Section,
        Tags = Tags,
        PubDate = PubDate?.ToUniversalTime(),
        Modified = Modified?.ToUniversalTime(),
        ImageUrl = ImageUrl,
        Description = Description,
        Language = Language,
        Text = Text,
    };
}
