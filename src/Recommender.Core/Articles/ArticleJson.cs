using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Articles;

/// <summary>
/// The JSON shape of an article in JSONL imports and API answers: snake_case names as Parse.ly uses.
/// </summary>
public sealed class ArticleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string? Url { get; set; }
    public string? Title { get; set; }
    public List<string>? Authors { get; set; }

    /// <summary>A single author, as some feeds give it.</summary>
    public string? Author { get; set; }

    public string? Section { get; set; }
    public List<string>? Tags { get; set; }
    public DateTimeOffset? PubDate { get; set; }
    public DateTimeOffset? Modified { get; set; }
    public string? ImageUrl { get; set; }
    public string? Description { get; set; }
    public string? Language { get; set; }
    public string? Text { get; set; }

    /// <summary>The body under the name some data sets use (for example the BBC News set).</summary>
    public string? FullContent { get; set; }

    /// <summary>
    /// The article's vector (<see cref="Semantic.ArticleVector.ToBase64"/>), when it has one: the crawler process sends
    /// it on the articles topic so that no server node computes it again.
    /// </summary>
    public string? Vector { get; set; }

    /// <summary>
    /// Turns the JSON record into an article of <paramref name="site"/>, or says which field is wrong.
    /// </summary>
    public bool TryToArticle(string site, out Article? article, out string? error)
    {
        article = null;
        var url = CanonicalUrl.Normalize(Url);
        if (url is null)
        {
            error = Url is null ? "url: missing" : $"url: not an absolute http(s) URL: {Url}";
            return false;
        }

        var vector = Semantic.ArticleVector.FromBase64(Vector);
        if (Vector is not null && vector?.Dimensions != Semantic.MiniLmEmbedder.Dimensions)
        {
            error = $"vector: not a base64 vector of {Semantic.MiniLmEmbedder.Dimensions} dimensions";
            return false;
        }

        var authors = Authors ?? (Author is null ? [] : [Author]);
        article = new Article
        {
            Site = site,
            Url = url,
            Title = Title?.Trim() ?? "",
            Authors = Clean(authors),
            Section = NullIfBlank(Section),
            Tags = Clean(Tags ?? []),
            PubDate = PubDate?.ToUniversalTime(),
            Modified = Modified?.ToUniversalTime(),
            ImageUrl = NullIfBlank(ImageUrl),
            Description = NullIfBlank(Description),
            Language = NullIfBlank(Language)?.ToLowerInvariant(),
            Text = Text ?? FullContent ?? "",
            Vector = vector,
        };
        error = null;
        return true;
    }

    public static ArticleJson From(Article article) => new()
    {
        Url = article.Url,
        Title = article.Title,
        Authors = [.. article.Authors],
        Section = article.Section,
        Tags = [.. article.Tags],
        PubDate = article.PubDate,
        Modified = article.Modified,
        ImageUrl = article.ImageUrl,
        Description = article.Description,
        Language = article.Language,
        Text = article.Text,
        Vector = article.Vector?.ToBase64(),
    };

    static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static string[] Clean(IEnumerable<string> values) =>
        values.Select(v => v?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()!;
}
