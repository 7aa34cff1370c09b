using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// The article described by a page's JSON-LD scripts: the first node typed as an article
/// (also inside <c>@graph</c> and nested values), with <c>@id</c> references resolved.
/// </summary>
sealed partial class JsonLd
{
    static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
        "Report", "SatiricalArticle", "SocialMediaPosting", "DiscussionForumPosting", "AdvertiserContentArticle",
    };

    static readonly HashSet<string> PageTypes = new(StringComparer.OrdinalIgnoreCase) { "WebPage", "ItemPage", "AboutPage" };

    static readonly HashSet<string> InstructionTypes = new(StringComparer.OrdinalIgnoreCase) { "HowTo", "Recipe" };

    static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    const int MaxNodes = 2_000;

    readonly Dictionary<string, JsonElement> _byId = new(StringComparer.Ordinal);

    readonly List<JsonElement> _nodes = [];

    /// <summary>The article node, or else a web page node or any dated node (a video, a product), which still tell dates and authors.</summary>
    public JsonElement? Article { get; private set; }

    public static JsonLd Read(IDocument document)
    {
        var jsonLd = new JsonLd();
        var nodes = jsonLd._nodes;
        foreach (var script in document.QuerySelectorAll("script[type]"))
        {
            if (!script.GetAttribute("type")!.Contains("ld+json", StringComparison.OrdinalIgnoreCase)) continue;
            if (Parse(script.TextContent) is { } root) Collect(root, nodes, 0);
        }
        foreach (var node in nodes)
        {
            if (node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String) jsonLd._byId.TryAdd(id.GetString()!, node);
        }
        jsonLd.Article = nodes.FirstOrDefault(n => HasType(n, ArticleTypes)) is { ValueKind: JsonValueKind.Object } article ? article
            : nodes.FirstOrDefault(n => HasType(n, PageTypes)) is { ValueKind: JsonValueKind.Object } page ? page
            : nodes.FirstOrDefault(n => n.TryGetProperty("datePublished", out _) || n.TryGetProperty("uploadDate", out _)) is { ValueKind: JsonValueKind.Object } dated ? dated
            : null;
        return jsonLd;
    }

    /// <summary>The string values of <paramref name="property"/> of the article: strings, names of objects, items of arrays.</summary>
    public IReadOnlyList<string> Strings(string property, string nameProperty = "name")
    {
        if (Article is not { } article || !article.TryGetProperty(property, out var value)) return [];
        var found = new List<string>();
        AddStrings(value, [nameProperty], found, 0);
        return found;
    }

    public string? First(string property, string nameProperty = "name") => Strings(property, nameProperty).FirstOrDefault();

    /// <summary>
    /// The text of a how-to or a recipe, in order: its description, then its steps (a string each, or each HowToStep's
    /// text, also inside HowToSections and HowToDirections). Empty when the page describes neither.
    /// </summary>
    public IReadOnlyList<string> Instructions()
    {
        if (_nodes.FirstOrDefault(n => HasType(n, InstructionTypes)) is not { ValueKind: JsonValueKind.Object } node) return [];
        var texts = new List<string>();
        if (node.TryGetProperty("description", out var description)) AddStrings(description, StepText, texts, 0);
        foreach (var property in new[] { "step", "recipeInstructions" })
        {
            if (node.TryGetProperty(property, out var steps)) AddStrings(steps, StepText, texts, 0);
        }
        return texts;
    }

    // A step's text, or the steps of a section (HowToSection) or the directions of a step (HowToDirection).
    static readonly string[] StepText = ["itemListElement", "text"];

    /// <summary>
    /// The strings of <paramref name="value"/>: itself, the items of an array, or an object's first property of
    /// <paramref name="nameProperties"/> (also of the node its @id names).
    /// </summary>
    void AddStrings(JsonElement value, IReadOnlyList<string> nameProperties, List<string> found, int depth)
    {
        if (depth > 4) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (!string.IsNullOrWhiteSpace(value.GetString())) found.Add(value.GetString()!.Trim());
                break;
            case JsonValueKind.Number:
                found.Add(value.GetRawText());
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray()) AddStrings(item, nameProperties, found, depth + 1);
                break;
            case JsonValueKind.Object:
                if (FirstOf(value, nameProperties) is { } name) AddStrings(name, nameProperties, found, depth + 1);
                else if (value.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String &&
                         _byId.TryGetValue(id.GetString()!, out var target) && FirstOf(target, nameProperties) is { } targetName)
                {
                    AddStrings(targetName, nameProperties, found, depth + 1);
                }
                break;
        }
    }

    static JsonElement? FirstOf(JsonElement node, IReadOnlyList<string> properties)
    {
        foreach (var property in properties)
        {
            if (node.TryGetProperty(property, out var value)) return value;
        }
        return null;
    }

    static bool HasType(JsonElement node, HashSet<string> types)
    {
        if (!node.TryGetProperty("@type", out var type)) return false;
        return type.ValueKind switch
        {
            JsonValueKind.String => types.Contains(type.GetString()!),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && types.Contains(t.GetString()!)),
            _ => false,
        };
    }

    static void Collect(JsonElement value, List<JsonElement> nodes, int depth)
    {
        if (depth > 8 || nodes.Count >= MaxNodes) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray()) Collect(item, nodes, depth + 1);
                break;
            case JsonValueKind.Object:
                nodes.Add(value);
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Collect(property.Value, nodes, depth + 1);
                }
                break;
        }
    }

    static JsonElement? Parse(string text)
    {
        // Hand-written JSON-LD often holds raw line breaks inside strings, which strict JSON forbids.
        foreach (var candidate in new[] { text, ControlCharacters().Replace(text, " ") })
        {
            try
            {
                using var document = JsonDocument.Parse(candidate.Trim().TrimEnd(';'), Lenient);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }
        return Salvage(text);
    }

    /// <summary>Properties whose string values a block with a syntax error still tells reliably, wherever they stand in it.</summary>
    static readonly string[] SalvagedProperties =
        ["@type", "headline", "datePublished", "dateCreated", "dateModified", "uploadDate", "description", "articleSection", "inLanguage"];

    /// <summary>
    /// One syntax error (a stray comma, an unescaped quote in a description, a missing brace) would otherwise discard
    /// a whole block, dates and headline with it: the first string value of each of <see cref="SalvagedProperties"/>,
    /// as one flat node.
    /// </summary>
    static JsonElement? Salvage(string text)
    {
        var found = new Dictionary<string, string>();
        foreach (Match match in StringProperty().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (SalvagedProperties.Contains(name) && !found.ContainsKey(name)) found[name] = match.Groups["value"].Value;
        }
        if (!found.ContainsKey("headline") && !found.ContainsKey("datePublished")) return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in found) writer.WriteString(name, Unescape(value));
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    static string Unescape(string value)
    {
        try
        {
            return Regex.Unescape(value);
        }
        catch (ArgumentException)
        {
            return value; // an escape JSON does not know: the raw text is still the date or the headline
        }
    }

    [GeneratedRegex(@"""(?<name>@?\w+)""\s*:\s*""(?<value>(?:[^""\\]|\\.){0,2000})""")]
    private static partial Regex StringProperty();

    [GeneratedRegex(@"[\u0000-\u001F]")]
    private static partial Regex ControlCharacters();
}
