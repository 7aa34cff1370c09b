using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// Reads a page's metadata, trusting in this order: JSON-LD, Parse.ly meta tags, OpenGraph and
/// <c>article:*</c>, other meta tags, then the markup itself (title, h1, time, itemprop, URL).
/// </summary>
sealed partial class MetadataReader
{
    static readonly string[] PublishedMetaNames =
    [
        "article:published_time", "og:published_time", "article:published", "pubdate", "publishdate", "publish-date",
        "publish_date", "published_time", "date_published", "datepublished", "article.published", "article_date_original",
        "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
        "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date", "originalpublicationdate",
    ];

    /// <summary>Meta tags that say "a date" without saying which: content management systems often fill them with the last change.</summary>
    static readonly string[] GenericDateMetaNames = ["dc.date", "dcterms.date", "date", "created"];

    static readonly string[] ModifiedMetaNames =
    [
        "article:modified_time", "og:updated_time", "article:modified", "dateModified", "last-modified", "dcterms.modified", "dc.date.modified", "revised",
    ];

    readonly IDocument _document;
    readonly Uri _pageUrl;
    readonly JsonLd _jsonLd;
    readonly Dictionary<string, List<string>> _meta;
    readonly Dictionary<string, JsonElement> _parsely;

    MetadataReader(IDocument document, Uri pageUrl)
    {
        _document = document;
        _pageUrl = pageUrl;
        _jsonLd = JsonLd.Read(document);
        _meta = ReadMetaTags(document);
        _parsely = ReadParsely(_meta);
    }

    /// <summary>Everything but the text.</summary>
    public static ExtractedPage Read(IDocument document, Uri pageUrl)
    {
        var reader = new MetadataReader(document, pageUrl);
        return new ExtractedPage
        {
            CanonicalUrl = reader.CanonicalUrl(),
            Title = reader.Title(),
            Authors = reader.Authors(),
            Section = reader.Section(),
            Tags = reader.Tags(),
            PubDate = reader.PubDate(),
            Modified = reader.Modified(),
            ImageUrl = reader.ImageUrl(),
            Description = reader.Description(),
            Language = reader.Language(),
        };
    }

    string? CanonicalUrl() =>
        FirstUrl([
            _document.QuerySelector("link[rel~=canonical i]")?.GetAttribute("href"),
            Meta("og:url"), ParselyString("link"), ParselyString("canonical_url"), Meta("parsely-link"),
            _jsonLd.First("mainEntityOfPage", "@id"), _jsonLd.First("url"),
        ]);

    string Title()
    {
        var title = FirstText([
            _jsonLd.First("headline"), ParselyString("title"), Meta("parsely-title"), Meta("og:title"),
            Meta("twitter:title"), Meta("dc.title"), Meta("title"), _jsonLd.First("name"),
        ]);
        if (title is not null) return title;
        var h1 = Clean(_document.QuerySelector("h1")?.TextContent);
        var documentTitle = Clean(_document.QuerySelector("title")?.TextContent);
        // The <title> usually carries the site's name too; the h1 is the headline when the <title> contains it.
        if (h1 is not null && (documentTitle is null || documentTitle.Contains(h1, StringComparison.OrdinalIgnoreCase))) return h1;
        return documentTitle ?? h1 ?? "";
    }

    IReadOnlyList<string> Authors()
    {
        IEnumerable<string>[] sources =
        [
            _jsonLd.Strings("author"), _jsonLd.Strings("creator"), ParselyStrings("authors"), ParselyStrings("author"), MetaAll("parsely-author"),
            MetaAll("author"), MetaAll("article:author"), MetaAll("dc.creator"), MetaAll("sailthru.author"), MetaAll("byl"),
            _document.QuerySelectorAll("[itemprop~=author] [itemprop~=name], [itemprop~=author][content]").Select(e => e.GetAttribute("content") ?? e.TextContent),
            _document.QuerySelectorAll("a[rel~=author], .byline .author, .author-name, .post-author, .entry-author, [class*=byline__name]").Take(3).Select(e => e.TextContent),
        ];
        foreach (var source in sources)
        {
            var names = source.Select(CleanAuthor).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count > 0) return names;
        }
        return [];
    }

    string? Section() => FirstText([
        _jsonLd.First("articleSection"), ParselyString("section"), Meta("parsely-section"), Meta("article:section"), Meta("section"),
    ]);

    IReadOnlyList<string> Tags()
    {
        IEnumerable<string>[] sources =
        [
            _jsonLd.Strings("keywords").SelectMany(SplitList), ParselyStrings("tags"), MetaAll("parsely-tags").SelectMany(SplitList),
            MetaAll("article:tag").SelectMany(SplitList), MetaAll("news_keywords").SelectMany(SplitList), MetaAll("keywords").SelectMany(SplitList),
        ];
        foreach (var source in sources)
        {
            var tags = source.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (tags.Count > 0) return tags;
        }
        return [];
    }

    DateTimeOffset? PubDate()
    {
        List<DateTimeOffset> stamps =
        [
            .. AllDates([
                _jsonLd.First("datePublished"), _jsonLd.First("dateCreated"), _jsonLd.First("uploadDate"), ParselyString("pub_date"), ParselyString("pubDate"),
                .. PublishedMetaNames.Select(Meta),
                ItemProp("datePublished"), ItemProp("dateCreated"),
            ]),
            // A date the page labels as its publication outranks the first <time> in the markup, which may be anything.
            .. new[] { DateText.FindLabelledPublication(BodyText()) }.OfType<DateTimeOffset>(),
            .. AllDates([
                OutsideComments("time[pubdate]")?.GetAttribute("datetime"),
                OutsideComments("article time[datetime], .entry-date[datetime], .published[datetime]")?.GetAttribute("datetime"),
                OutsideComments("time[datetime]")?.GetAttribute("datetime"),
                OutsideComments("abbr.published[title], .published[title], .entry-date[title], .updated[title], abbr[title][class*=date]")?.GetAttribute("title"),
            ]),
        ];
        var generic = AllDates(GenericDateMetaNames.Select(Meta));
        var modified = AllDates([_jsonLd.First("dateModified"), .. ModifiedMetaNames.Select(Meta), ItemProp("dateModified")]);
        var shown = HeaderDate();
        var chosen = ChooseStamp(stamps, generic, modified, shown);
        // The date the header shows the reader settles which stamp is the article's when they disagree, even a modification
        // stamp: the page presents that day as its date. Alone, without a stamp of the same day, it could be any date.
        if (shown is not { } header || chosen is { } day && day.Date == header.Date) return chosen;
        return stamps.Concat(generic).Concat(modified).Where(s => s.Date == header.Date).Cast<DateTimeOffset?>().FirstOrDefault() ?? chosen;
    }

    DateTimeOffset? ChooseStamp(List<DateTimeOffset> stamps, List<DateTimeOffset> generic, List<DateTimeOffset> modified, DateTimeOffset? shown)
    {
        DateTimeOffset? stated = stamps.Count > 0 ? stamps[0] : null;
        var fromUrl = DateText.FromUrl(_pageUrl.AbsolutePath);
        // A full date in the URL was set when the page was published; metadata sometimes carries a later stamp.
        if (fromUrl is not null && (stated is null || Math.Abs((stated.Value - fromUrl.Value).TotalDays) > 2)) return fromUrl;
        if (stated is { } stamp && IsUtcClockTime(stamp)) return InLocalDay(stamp, [.. stamps.Skip(1), .. generic], [fromUrl, shown]);
        // Generic date tags come after the dates the page shows: they often carry the last change.
        return stated ?? VisibleDate() ?? generic.Cast<DateTimeOffset?>().FirstOrDefault()
            ?? modified.Cast<DateTimeOffset?>().FirstOrDefault()
            ?? AnyVisibleDate();
    }

    /// <summary>
    /// The date the article's header shows the reader: the first date, not labelled as a change, in the visible
    /// text right after the headline (where bylines put it).
    /// </summary>
    DateTimeOffset? HeaderDate()
    {
        // Themes often wrap the site's name in an empty or short h1 of their own.
        var headline = _document.QuerySelectorAll("h1").FirstOrDefault(h => h.TextContent.Trim().Length >= 10);
        if (headline is null) return null;
        var text = new System.Text.StringBuilder();
        var started = false;
        foreach (var node in _document.Body!.GetDescendants())
        {
            if (node == headline) started = true;
            if (!started || node is not IText textNode || string.IsNullOrWhiteSpace(textNode.Data) || headline.Contains(node)) continue;
            if (textNode.ParentElement is { } parent && IsHidden(parent)) continue;
            text.Append(textNode.Data.Trim()).Append(' ');
            if (text.Length >= HeaderReach) break;
        }
        if (DateText.FindUnchanged(text.ToString()) is { } after) return after;
        var before = string.Concat(headline.ParentElement!.ChildNodes.TakeWhile(n => n != headline).Where(n => n is not IElement e || !IsHidden(e)).Select(n => n.TextContent));
        return DateText.FindUnchanged(before.Length > 150 ? before[^150..] : before);
    }

    const int HeaderReach = 400;

    /// <summary>Text a reader does not see: scripts, styles and elements hidden by attribute, style or class name.</summary>
    static bool IsHidden(IElement element) =>
        element.Closest("script, style, noscript, template, [hidden], [style*='display:none' i], [style*='display: none' i], [class*=hidden i]") is not null;

    /// <summary>
    /// A time stated in UTC gives the instant but not the publisher's calendar day: 00:25Z is the evening
    /// before in New York. Another stamp of the same instant (within an hour) with its own offset tells that
    /// day, and so does a day the page shows (in the URL, under the headline) one day off. A stamp at 22:00 or
    /// 23:00 sharp is a date without time stored as midnight east of Greenwich: the next day.
    /// </summary>
    static DateTimeOffset InLocalDay(DateTimeOffset utcStamp, IEnumerable<DateTimeOffset> otherStamps, IEnumerable<DateTimeOffset?> shownDays)
    {
        var zoned = otherStamps.FirstOrDefault(s => s.Offset != TimeSpan.Zero && Math.Abs((s - utcStamp).TotalMinutes) <= 60);
        if (zoned != default) return zoned;
        var day = DateOnly.FromDateTime(utcStamp.DateTime).DayNumber;
        var shown = shownDays.FirstOrDefault(d => d is { } shownDay && Math.Abs(DateOnly.FromDateTime(shownDay.DateTime).DayNumber - day) == 1);
        if (shown is { } localDay) return localDay;
        var time = utcStamp.TimeOfDay;
        return time == TimeSpan.FromHours(22) || time == TimeSpan.FromHours(23) ? utcStamp.ToOffset(TimeSpan.FromDays(1) - time) : utcStamp;
    }

    /// <summary>A clock time at offset zero: UTC as stated, or a time written without a zone.</summary>
    static bool IsUtcClockTime(DateTimeOffset date) => date.Offset == TimeSpan.Zero && date.TimeOfDay != TimeSpan.Zero;

    DateTimeOffset? Modified() => FirstDate([
        _jsonLd.First("dateModified"), ParselyString("updated_date"), .. ModifiedMetaNames.Select(Meta), ItemProp("dateModified"),
    ]);

    /// <summary>A date written near the headline or in elements named for dates, as bylines show it.</summary>
    DateTimeOffset? VisibleDate()
    {
        var dated = _document.QuerySelectorAll("[class*=date i], [class*=time i], [id*=date i], [class*=meta i], [class*=byline i], [class*=posted i], time")
            .Take(30)
            .Select(e => e.TextContent.Length <= 300 ? DateText.FindVisible(e.TextContent) : null)
            .FirstOrDefault(d => d is not null);
        if (dated is not null) return dated;
        var headline = _document.QuerySelector("h1");
        var nearHeadline = headline?.ParentElement?.TextContent ?? "";
        return DateText.FindVisible(nearHeadline.Length > 3_000 ? nearHeadline[..3_000] : nearHeadline);
    }

    /// <summary>The last resort: the first full date anywhere in the page's text, such as "2019-11-10".</summary>
    DateTimeOffset? AnyVisibleDate() => DateText.FindVisible(BodyText());

    string BodyText()
    {
        // Runs of white space collapsed first: indented markup would otherwise fill the limit.
        var text = Whitespace().Replace(_document.Body?.TextContent ?? "", " ");
        return text.Length > 50_000 ? text[..50_000] : text;
    }

    /// <summary>The first element matching <paramref name="selector"/> that is not part of a comment, whose dates are the comments' own.</summary>
    IElement? OutsideComments(string selector) =>
        _document.QuerySelectorAll(selector).FirstOrDefault(e => e.Closest("[class*=comment i], [id*=comment i]") is null);

    string? ImageUrl() => FirstUrl([
        _jsonLd.First("image", "url"), _jsonLd.First("thumbnailUrl"), ParselyString("image_url"), Meta("parsely-image-url"),
        Meta("og:image"), Meta("og:image:url"), Meta("og:image:secure_url"), Meta("twitter:image"), Meta("twitter:image:src"),
        _document.QuerySelector("link[rel~=image_src i]")?.GetAttribute("href"),
    ]);

    string? Description() => FirstText([
        _jsonLd.First("description"), Meta("og:description"), Meta("description"), Meta("twitter:description"), Meta("dc.description"),
    ]);

    string? Language()
    {
        string?[] candidates =
        [
            _document.DocumentElement?.GetAttribute("lang"), _document.DocumentElement?.GetAttribute("xml:lang"), Meta("og:locale"),
            _document.QuerySelector("meta[http-equiv='content-language' i]")?.GetAttribute("content"),
            Meta("language"), Meta("dc.language"), _jsonLd.First("inLanguage"),
        ];
        return candidates.Select(LanguageCode).FirstOrDefault(c => c is not null);
    }

    static string? LanguageCode(string? value)
    {
        var match = value is null ? Match.Empty : LanguageTag().Match(value);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    string? ItemProp(string name)
    {
        // Microdata (itemprop) or RDFa (property, with or without the schema: prefix).
        var element = _document.QuerySelector($"[itemprop~={name}], [property~={name}], [property~='schema:{name}']");
        return element?.GetAttribute("content") ?? element?.GetAttribute("datetime") ?? element?.TextContent;
    }

    string? Meta(string name) => _meta.TryGetValue(name, out var values) ? values[0] : null;

    IEnumerable<string> MetaAll(string name) => _meta.TryGetValue(name, out var values) ? values : [];

    string? ParselyString(string key) => ParselyStrings(key).FirstOrDefault();

    IEnumerable<string> ParselyStrings(string key)
    {
        if (!_parsely.TryGetValue(key, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            _ => [],
        };
    }

    string? FirstUrl(IEnumerable<string?> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
            if (Uri.TryCreate(_pageUrl, candidate.Trim(), out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                return absolute.AbsoluteUri;
            }
        }
        return null;
    }

    static string? FirstText(IEnumerable<string?> candidates) => candidates.Select(Clean).FirstOrDefault(c => c is not null);

    static DateTimeOffset? FirstDate(IEnumerable<string?> candidates) => candidates.Select(DateText.Parse).FirstOrDefault(d => d is not null);

    /// <summary>Every candidate that parses as a date, in the order given.</summary>
    static List<DateTimeOffset> AllDates(IEnumerable<string?> candidates) => [.. candidates.Select(DateText.Parse).OfType<DateTimeOffset>()];

    static Dictionary<string, List<string>> ReadMetaTags(IDocument document)
    {
        var meta = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in document.QuerySelectorAll("meta[content]"))
        {
            var key = element.GetAttribute("property") ?? element.GetAttribute("name") ?? element.GetAttribute("itemprop");
            var content = element.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(content)) continue;
            // RDFa allows several space-separated properties on one tag.
            foreach (var name in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!meta.TryGetValue(name, out var values)) meta[name] = values = [];
                values.Add(content.Trim());
            }
        }
        return meta;
    }

    /// <summary>The keys of the JSON in parsely-page, completed by parsely-metadata.</summary>
    static Dictionary<string, JsonElement> ReadParsely(Dictionary<string, List<string>> meta)
    {
        var keys = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "parsely-page", "parsely-metadata" })
        {
            if (!meta.TryGetValue(name, out var values)) continue;
            try
            {
                using var json = JsonDocument.Parse(values[0]);
                if (json.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var property in json.RootElement.EnumerateObject()) keys.TryAdd(property.Name, property.Value.Clone());
            }
            catch (JsonException)
            {
            }
        }
        return keys;
    }

    static IEnumerable<string> SplitList(string value) => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries);

    static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = Whitespace().Replace(System.Net.WebUtility.HtmlDecode(value), " ").Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A person's name from a byline or meta tag, without "By" and such; null for URLs, handles and overlong text.</summary>
    public static string? CleanAuthor(string? value)
    {
        var name = Clean(value);
        if (name is null || name.Contains("://") || name.StartsWith('@') || name.Length > 80) return null;
        name = BylinePrefix().Replace(name, "").Trim(' ', ',', '|', '-', '–');
        return name.Length == 0 ? null : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s*(by|von|par|door|di|por|autor(in)?:?|author:?)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")]
    private static partial Regex LanguageTag();
}
