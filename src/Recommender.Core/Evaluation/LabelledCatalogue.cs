using System.Text.Json;
using Recommender.Core.Articles;

namespace Recommender.Core.Evaluation;

/// <summary>
/// An article of an evaluation data set with the labels that tell which articles are related: its
/// <paramref name="Label"/> (BBC section, MIND subcategory), a coarser <paramref name="Category"/> where the data
/// has one (MIND category), and the entities it names (MIND's Wikidata ids). <paramref name="Id"/> is the data
/// set's own id (MIND's news id), which reading logs refer to.
/// </summary>
public sealed record LabelledArticle(Article Article, string Label, string? Category, IReadOnlySet<string> Entities, string Id);

/// <summary>Reads evaluation catalogues: JSONL articles (label = section) and MIND's news.tsv.</summary>
public static class LabelledCatalogue
{
    /// <summary>
    /// The labelled articles of <paramref name="path"/>, for <paramref name="site"/>: a <c>.tsv</c> file is read as
    /// MIND's news.tsv, anything else as JSONL articles (the format <c>recommender import</c> reads). The labels
    /// are not left on the articles (no section), so that a recommender cannot see the answer it is scored on.
    /// Lines that cannot be read, articles without a label, and second articles at the same URL are skipped and
    /// counted in <paramref name="skipped"/>. With <paramref name="opaqueUrls"/>, every article's URL is replaced by
    /// one that tells nothing (<see cref="OpaqueUrl"/>): the BBC set's URLs name the section
    /// (bbc-news.example/business/001), which is the label scored on.
    /// </summary>
    public static List<LabelledArticle> Read(string path, string site, out int skipped, bool opaqueUrls = false)
    {
        var articles = new List<LabelledArticle>();
        var urls = new HashSet<string>();
        skipped = 0;
        var mind = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var article = mind ? FromMindLine(line, site) : FromJsonLine(line, site);
            if (article is null || !urls.Add(article.Article.Url)) skipped++;
            else articles.Add(opaqueUrls ? article with { Article = article.Article with { Url = OpaqueUrl(articles.Count) } } : article);
        }
        return articles;
    }

    static LabelledArticle? FromJsonLine(string line, string site)
    {
        try
        {
            var json = JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options);
            if (json is null || !json.TryToArticle(site, out var article, out _) || article!.Section is not { } section) return null;
            return new LabelledArticle(article with { Section = null }, section, null, new HashSet<string>(), article.Url);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>news_id, category, subcategory, title, abstract, url, title_entities, abstract_entities.</summary>
    static LabelledArticle? FromMindLine(string line, string site)
    {
        var fields = line.Split('\t');
        if (fields.Length < 5 || fields[0].Length == 0 || fields[2].Length == 0) return null;
        var entities = new HashSet<string>();
        foreach (var json in fields.Skip(6).Take(2)) AddEntities(json, entities);
        var article = new Article
        {
            Site = site,
            // The id is the one stable key of a MIND article (its msn.com URLs are not); logs refer to it.
            Url = MindUrl(fields[0]),
            Title = fields[3],
            Text = fields[4],
        };
        return new LabelledArticle(article, fields[2], fields[1], entities, fields[0]);
    }

    /// <summary>The URL of the <paramref name="position"/>th article of a catalogue read with opaque URLs.</summary>
    public static string OpaqueUrl(int position) => $"https://opaque.example/{position}";

    /// <summary>The URL an article of MIND's news.tsv is indexed under.</summary>
    public static string MindUrl(string newsId) => $"https://mind.example/{Uri.EscapeDataString(newsId)}";

    static void AddEntities(string json, HashSet<string> entities)
    {
        if (string.IsNullOrWhiteSpace(json)) return;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return;
            foreach (var entity in document.RootElement.EnumerateArray())
            {
                if (entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("WikidataId", out var id) &&
                    id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value)
                    entities.Add(value);
            }
        }
        catch (JsonException)
        {
            // Entities only refine the scoring; an article whose entity list is broken still counts by its labels.
        }
    }
}
