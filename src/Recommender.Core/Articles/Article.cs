namespace Recommender.Core.Articles;

/// <summary>One article of a publisher's catalogue, as crawled or imported.</summary>
public sealed record Article
{
    /// <summary>The site the article belongs to: Parse.ly calls it the apikey.</summary>
    public required string Site { get; init; }

    /// <summary>The canonical URL, normalised by <see cref="CanonicalUrl"/>; the article's identity within its site.</summary>
    public required string Url { get; init; }

    public string Title { get; init; } = "";
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Section { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset? PubDate { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public string? ImageUrl { get; init; }
    public string? Description { get; init; }

    /// <summary>ISO 639-1 code such as "en" or "de"; chooses the analyzer. Null means the default (English).</summary>
    public string? Language { get; init; }

    /// <summary>The full body text, paragraphs separated by blank lines.</summary>
    public string Text { get; init; } = "";

    /// <summary>
    /// The story (event) the article reports, shared by the articles about the same event: the URL of the story's
    /// first article. The index assigns it when the article arrives; null before that.
    /// </summary>
    public string? Story { get; init; }

    /// <summary>
    /// The article's meaning as a vector (<see cref="Semantic.ArticleEmbedder"/>), computed once when it is indexed and
    /// stored with it; null for an article of a site or language without the semantic layer.
    /// </summary>
    public Semantic.ArticleVector? Vector { get; init; }
}
