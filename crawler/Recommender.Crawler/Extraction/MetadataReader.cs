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

    /// <summary>For each field found, the rule (source) that gave it: what <c>recommender extract</c> shows.</summary>
    readonly Dictionary<string, string> _rules = [];

    /// <summary>A value a field may take and the rule it comes from, such as "meta og:title".</summary>
    readonly record struct Candidate(string Rule, string? Value);

    /// <summary>A date found and the rule it comes from.</summary>
    readonly record struct Stamp(DateTimeOffset Date, string Rule);

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
            Rules = reader._rules,
        };
    }

    string? CanonicalUrl() =>
        FirstUrl(nameof(ExtractedPage.CanonicalUrl), [
            new("link rel=canonical", _document.QuerySelector("link[rel~=canonical i]")?.GetAttribute("href")),
            M("og:url"), P("link"), P("canonical_url"), M("parsely-link"),
            new("JSON-LD mainEntityOfPage @id", _jsonLd.First("mainEntityOfPage", "@id")), J("url"),
        ]);

    string Title()
    {
        var h1 = Clean(_document.QuerySelector("h1")?.TextContent);
        var documentTitle = Clean(_document.QuerySelector("title")?.TextContent);
        // The <title> usually carries the site's name too; the h1 is the headline when the <title> contains it.
        var h1IsHeadline = h1 is not null && (documentTitle is null || documentTitle.Contains(h1, StringComparison.OrdinalIgnoreCase));
        return FirstText(nameof(ExtractedPage.Title), [
            J("headline"), P("title"), M("parsely-title"), M("og:title"), M("twitter:title"), M("dc.title"), M("title"), J("name"),
            new("h1 (in the <title>)", h1IsHeadline ? h1 : null), new("<title>", documentTitle), new("h1", h1),
        ]) ?? "";
    }

    Candidate M(string name) => new($"meta {name}", Meta(name));

    Candidate P(string key) => new($"Parse.ly {key}", ParselyString(key));

    Candidate J(string property) => new($"JSON-LD {property}", _jsonLd.First(property));

    IReadOnlyList<string> Authors()
    {
        (string Rule, IEnumerable<string> Values)[] sources =
        [
            ("JSON-LD author", _jsonLd.Strings("author")), ("JSON-LD creator", _jsonLd.Strings("creator")),
            ("Parse.ly authors", ParselyStrings("authors")), ("Parse.ly author", ParselyStrings("author")), ("meta parsely-author", MetaAll("parsely-author")),
            ("meta author", MetaAll("author")), ("meta article:author", MetaAll("article:author")), ("meta dc.creator", MetaAll("dc.creator")),
            ("meta sailthru.author", MetaAll("sailthru.author")), ("meta byl", MetaAll("byl")),
            ("itemprop author", _document.QuerySelectorAll("[itemprop~=author] [itemprop~=name], [itemprop~=author][content]").Select(e => e.GetAttribute("content") ?? e.TextContent)),
            ("byline markup", _document.QuerySelectorAll("a[rel~=author], .byline .author, .author-name, .post-author, .entry-author, [class*=byline__name]").Take(3).Select(e => e.TextContent)),
        ];
        foreach (var (rule, values) in sources)
        {
            var names = values.Select(CleanAuthor).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count == 0) continue;
            _rules[nameof(ExtractedPage.Authors)] = rule;
            return names;
        }
        return [];
    }

    string? Section() => FirstText(nameof(ExtractedPage.Section), [
        J("articleSection"), P("section"), M("parsely-section"), M("article:section"), M("section"),
    ]);

    IReadOnlyList<string> Tags()
    {
        (string Rule, IEnumerable<string> Values)[] sources =
        [
            ("JSON-LD keywords", _jsonLd.Strings("keywords").SelectMany(SplitList)), ("Parse.ly tags", ParselyStrings("tags")),
            ("meta parsely-tags", MetaAll("parsely-tags").SelectMany(SplitList)), ("meta article:tag", MetaAll("article:tag").SelectMany(SplitList)),
            ("meta news_keywords", MetaAll("news_keywords").SelectMany(SplitList)), ("meta keywords", MetaAll("keywords").SelectMany(SplitList)),
        ];
        foreach (var (rule, values) in sources)
        {
            var tags = values.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (tags.Count == 0) continue;
            _rules[nameof(ExtractedPage.Tags)] = rule;
            return tags;
        }
        return [];
    }

    DateTimeOffset? PubDate()
    {
        List<Stamp> stamps =
        [
            .. AllDates([
                J("datePublished"), J("dateCreated"), J("uploadDate"), P("pub_date"), P("pubDate"),
                .. PublishedMetaNames.Select(M),
                new("itemprop datePublished", ItemProp("datePublished")), new("itemprop dateCreated", ItemProp("dateCreated")),
            ]),
            // A date the page labels as its publication outranks the first <time> in the markup, which may be anything.
            .. new[] { DateText.FindLabelledPublication(BodyText()) }.OfType<DateTimeOffset>().Select(d => new Stamp(d, "text labelled as the publication")),
            .. AllDates([
                new("time pubdate", OwnElement("time[pubdate]")?.GetAttribute("datetime")),
                new("time in the article", OwnElement("article time[datetime], .entry-date[datetime], .published[datetime]")?.GetAttribute("datetime")),
                new("first time element", OwnElement("time[datetime]")?.GetAttribute("datetime")),
                new("abbr title", OwnElement("abbr.published[title], .published[title], .entry-date[title], .updated[title], abbr[title][class*=date]")?.GetAttribute("title")),
                new("date attribute", DateAttribute()),
            ]),
        ];
        var generic = AllDates(GenericDateMetaNames.Select(M));
        var modified = AllDates([J("dateModified"), .. ModifiedMetaNames.Select(M), new("itemprop dateModified", ItemProp("dateModified"))]);
        var shown = HeaderDate();
        var chosen = ChooseStamp(stamps, generic, modified, shown);
        // The date the header shows the reader settles which stamp is the article's when they disagree, even a modification
        // stamp: the page presents that day as its date. Alone, without a stamp of the same day, it could be any date.
        if (shown is { } header && (chosen is not { } day || day.Date.Date != header.Date) &&
            stamps.Concat(generic).Concat(modified).FirstOrDefault(s => s.Date.Date == header.Date) is { Rule: not null } confirmed)
        {
            chosen = confirmed with { Rule = $"{confirmed.Rule}, the day shown under the headline" };
        }
        if (chosen is { } result) _rules[nameof(ExtractedPage.PubDate)] = result.Rule;
        return chosen?.Date;
    }

    Stamp? ChooseStamp(List<Stamp> stamps, List<Stamp> generic, List<Stamp> modified, DateTimeOffset? shown)
    {
        Stamp? stated = stamps.Count > 0 ? stamps[0] : null;
        var fromUrl = DateText.FromUrl(_pageUrl.AbsolutePath);
        // A full date in the URL was set when the page was published; metadata sometimes carries a later stamp.
        if (fromUrl is { } urlDay && (stated is null || Math.Abs((stated.Value.Date - urlDay).TotalDays) > 2)) return new Stamp(urlDay, "date in the URL");
        if (stated is { } stamp && IsUtcClockTime(stamp.Date)) return InLocalDay(stamp, [.. stamps.Skip(1), .. generic], [fromUrl, shown]);
        // Without a stamp, the date under the headline, then a date in an element named for dates (which may be a
        // comment's, a sidebar's or the site's today), then the first date anywhere around the headline (a breadcrumb's, a teaser's).
        // Generic date tags come after the dates the page shows: they often carry the last change.
        return stated ?? (shown is { } header ? new Stamp(header, "date under the headline") : (Stamp?)null) ?? DateElementDate()
            ?? NearHeadlineDate() ?? generic.Cast<Stamp?>().FirstOrDefault()
            ?? modified.Cast<Stamp?>().FirstOrDefault()
            ?? ScriptDataDate()
            ?? ImageDate()
            ?? AnyVisibleDate()
            ?? DescriptionDate()
            ?? FirstPostDate();
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
        // A date alone in the element right above the headline (a topline: "<span>06.12.2022</span>") is the header's.
        if (headline.PreviousElementSibling is { } above && !IsHidden(above) && DateText.FindAlone(above.TextContent) is { } topline)
        {
            return topline;
        }
        var text = new System.Text.StringBuilder();
        var started = false;
        foreach (var node in _document.Body!.GetDescendants())
        {
            if (node == headline) started = true;
            // The headline's own words are skipped, not a subline inside it ("<h1>Title<small>02.02.2022</small></h1>").
            if (!started || node is not IText textNode || string.IsNullOrWhiteSpace(textNode.Data) ||
                headline.Contains(node) && textNode.ParentElement?.Closest("small, time, [class*=date i]") is null)
            {
                continue;
            }
            if (textNode.ParentElement is { } parent && IsHidden(parent)) continue;
            text.Append(textNode.Data.Trim()).Append(' ');
            if (text.Length >= HeaderReach) break;
        }
        if (DateText.FindUnchanged(text.ToString()) is { } after) return after;
        var before = string.Concat(headline.ParentElement!.ChildNodes.TakeWhile(n => n != headline).Where(n => n is IText || n is IElement e && !IsHidden(e)).Select(n => n.TextContent));
        return DateText.FindUnchanged(before.Length > 150 ? before[^150..] : before);
    }

    const int HeaderReach = 400;

    /// <summary>Text a reader does not see: scripts, styles and elements hidden by attribute, style or class name.</summary>
    static bool IsHidden(IElement element)
    {
        if (element.Closest("script, style, noscript, template, [hidden], [style*='display:none' i], [style*='display: none' i]") is not null) return true;
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.ClassList.Any(HiddenClass().IsMatch)) return true;
        }
        return false;
    }

    /// <summary>
    /// A time stated in UTC gives the instant but not the publisher's calendar day: 00:25Z is the evening
    /// before in New York. Another stamp of the same instant (within an hour) with its own offset tells that
    /// day, and so does a day the page shows (in the URL, under the headline) one day off. A stamp at 22:00 or
    /// 23:00 sharp is a date without time stored as midnight east of Greenwich: the next day.
    /// </summary>
    static Stamp InLocalDay(Stamp utc, IEnumerable<Stamp> otherStamps, IEnumerable<DateTimeOffset?> shownDays)
    {
        var utcStamp = utc.Date;
        var zoned = otherStamps.FirstOrDefault(s => s.Date.Offset != TimeSpan.Zero && Math.Abs((s.Date - utcStamp).TotalMinutes) <= 60);
        if (zoned != default) return zoned with { Rule = $"{utc.Rule}, in the offset of {zoned.Rule}" };
        var day = DateOnly.FromDateTime(utcStamp.DateTime).DayNumber;
        var shown = shownDays.FirstOrDefault(d => d is { } shownDay && Math.Abs(DateOnly.FromDateTime(shownDay.DateTime).DayNumber - day) == 1);
        if (shown is { } localDay) return new Stamp(localDay, $"{utc.Rule}, on the day the page shows");
        var time = utcStamp.TimeOfDay;
        return time == TimeSpan.FromHours(22) || time == TimeSpan.FromHours(23)
            ? new Stamp(utcStamp.ToOffset(TimeSpan.FromDays(1) - time), $"{utc.Rule}, midnight east of Greenwich")
            : utc;
    }

    /// <summary>A clock time at offset zero: UTC as stated, or a time written without a zone.</summary>
    static bool IsUtcClockTime(DateTimeOffset date) => date.Offset == TimeSpan.Zero && date.TimeOfDay != TimeSpan.Zero;

    DateTimeOffset? Modified()
    {
        var stamp = AllDates([J("dateModified"), P("updated_date"), .. ModifiedMetaNames.Select(M), new("itemprop dateModified", ItemProp("dateModified"))])
            .Cast<Stamp?>().FirstOrDefault();
        if (stamp is { } found) _rules[nameof(ExtractedPage.Modified)] = found.Rule;
        return stamp?.Date;
    }

    /// <summary>
    /// A date written in an element named for dates, as bylines show it; not a comment's ("comment-date"). Only comments:
    /// skipping sidebars, teasers and the other <see cref="OthersDates"/> too lost 5 right pages of Trafilatura's set for 2.
    /// </summary>
    Stamp? DateElementDate() =>
        _document.QuerySelectorAll("[class*=date i], [class*=time i], [id*=date i], [class*=meta i], [class*=byline i], [class*=posted i], time")
            .Where(e => e.Closest(Comments) is null)
            .Take(30)
            .Select(e => e.TextContent.Length <= 300 ? DateText.FindVisible(e.TextContent) ?? DateText.FindAlone(e.TextContent) : null)
            .FirstOrDefault(d => d is not null) is { } byline
            ? new Stamp(byline, "visible date in an element named for dates")
            : null;

    /// <summary>The first date written in the headline's container.</summary>
    Stamp? NearHeadlineDate()
    {
        var nearHeadline = _document.QuerySelector("h1")?.ParentElement?.TextContent ?? "";
        return DateText.FindVisible(nearHeadline.Length > 3_000 ? nearHeadline[..3_000] : nearHeadline) is { } near
            ? new Stamp(near, "visible date near the headline")
            : null;
    }

    /// <summary>
    /// The publication stamp of the page's own data in an inline script, such as a shop's product JSON
    /// (<c>"published_at":"2019-03-02T06:22:28+01:00"</c>) or a framework's page state, where the page states no date
    /// elsewhere. Only when every such key in the page names the same day: a list of items carries one date each.
    /// </summary>
    Stamp? ScriptDataDate()
    {
        var dates = _document.QuerySelectorAll("script:not([type*='ld+json' i])")
            .SelectMany(script => ScriptPublishedKey().Matches(script.TextContent))
            .Select(match => DateText.Parse(match.Groups["date"].Value))
            .OfType<DateTimeOffset>()
            .ToList();
        return dates.Count > 0 && dates.All(d => d.Date == dates[0].Date) ? new Stamp(dates[0], "publication key in a script's data") : null;
    }

    /// <summary>A full date in the lead image's path (/uploads/2020/07/12/photo.jpg): images are uploaded for the article.</summary>
    Stamp? ImageDate() =>
        ImageUrl() is { } image && Uri.TryCreate(image, UriKind.Absolute, out var url) && DateText.FromUrl(url.AbsolutePath) is { } date
            ? new Stamp(date, "date in the lead image's path")
            : null;

    /// <summary>The last resort: the first full date anywhere in the page's text, such as "2019-11-10".</summary>
    Stamp? AnyVisibleDate() => DateText.FindVisible(BodyText()) is { } date ? new Stamp(date, "first date in the text") : null;

    /// <summary>
    /// A date in the page's description ("… (Notizia del 14 Gennaio 2020)"), where the page shows none in full: the summary
    /// of a news item names its day.
    /// </summary>
    Stamp? DescriptionDate() =>
        new[] { _jsonLd.First("description"), Meta("og:description"), Meta("description") }
            .Select(text => text is null ? null : DateText.FindVisible(text))
            .FirstOrDefault(date => date is not null) is { } date
            ? new Stamp(date, "date in the description")
            : null;

    /// <summary>
    /// Where the page's only dates are its comments', it is a discussion, and its first post's date is its start: the
    /// first date alone in a text of an element named for dates in a comment ("<span>28.09.19</span><span>12:44</span>").
    /// </summary>
    Stamp? FirstPostDate() =>
        _document.QuerySelectorAll($":is({Comments}) :is([class*=date i], [class*=time i], time)")
            .Take(30)
            .SelectMany(e => e.Descendants<IText>())
            .Select(text => DateText.FindAlone(text.Data))
            .FirstOrDefault(date => date is not null) is { } date
            ? new Stamp(date, "the first post's date: the page's only dates are its comments'")
            : null;

    string BodyText()
    {
        // Runs of white space collapsed first: indented markup would otherwise fill the limit.
        var text = Whitespace().Replace(_document.Body?.TextContent ?? "", " ");
        return text.Length > 50_000 ? text[..50_000] : text;
    }

    /// <summary>
    /// The first element matching <paramref name="selector"/> that belongs to the article itself: not to a comment,
    /// an embedded post (a quoted tweet, an iframe's fallback), a list of other articles or a sidebar, whose dates are their own.
    /// Footers stay: an article's own footer often carries its date.
    /// </summary>
    IElement? OwnElement(string selector) =>
        _document.QuerySelectorAll(selector).FirstOrDefault(e => e.Closest(OthersDates) is null);

    /// <summary>A comment or a discussion's post, by its name: its dates are its own.</summary>
    const string Comments = "[class*=comment i], [id*=comment i]";

    const string OthersDates =
        Comments + ", blockquote, aside, nav, iframe, [class*=embed i], [class*=tweet i], " +
        "[class*=related i], [class*=teaser i], [class*=sidebar i], [id*=sidebar i], [class*=widget i], [class*=recommend i], " +
        "[class*=popular i], [class*=trending i], [class*=more-from i], [class*=also i]";

    /// <summary>
    /// A date only in an attribute, such as <c>data-published="…"</c>, <c>data-timestamp="1594512000"</c> or
    /// <c>title="12 July 2020"</c> on a visible "3 hours ago": the absolute date the page keeps beside a relative one.
    /// Attributes named for a date or a time (not for a change, a start or an end), on the article's own elements that
    /// show the reader something: a stamp on an empty element is a script's (a cache time, a menu's version).
    /// </summary>
    string? DateAttribute()
    {
        foreach (var element in _document.Body?.QuerySelectorAll("*").Take(5_000) ?? [])
        {
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name;
                var dated = name.StartsWith("data-", StringComparison.Ordinal) && DateAttributeName().IsMatch(name) ||
                            name == "title" && element.ChildElementCount == 0 && DateAttributeName().IsMatch($"{element.ClassName} {element.LocalName}");
                if (!dated || NotPublicationName().IsMatch(name) || DateText.Parse(attribute.Value) is null) continue;
                if (element.TextContent.Trim().Length >= 2 && element.Closest(OthersDates) is null) return attribute.Value;
            }
        }
        return null;
    }

    string? ImageUrl() => FirstUrl(nameof(ExtractedPage.ImageUrl), [
        new("JSON-LD image", _jsonLd.First("image", "url")), J("thumbnailUrl"), P("image_url"), M("parsely-image-url"),
        M("og:image"), M("og:image:url"), M("og:image:secure_url"), M("twitter:image"), M("twitter:image:src"),
        new("link rel=image_src", _document.QuerySelector("link[rel~=image_src i]")?.GetAttribute("href")),
    ]);

    string? Description() => FirstText(nameof(ExtractedPage.Description), [
        J("description"), M("og:description"), M("description"), M("twitter:description"), M("dc.description"),
    ]);

    string? Language()
    {
        Candidate[] candidates =
        [
            new("html lang", _document.DocumentElement?.GetAttribute("lang")), new("html xml:lang", _document.DocumentElement?.GetAttribute("xml:lang")),
            M("og:locale"), new("meta http-equiv content-language", _document.QuerySelector("meta[http-equiv='content-language' i]")?.GetAttribute("content")),
            M("language"), M("dc.language"), J("inLanguage"),
        ];
        return First(nameof(ExtractedPage.Language), candidates, LanguageCode);
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

    /// <summary>The first candidate that <paramref name="read"/> accepts, its rule noted for <paramref name="field"/>.</summary>
    string? First(string field, IEnumerable<Candidate> candidates, Func<string?, string?> read)
    {
        foreach (var (rule, value) in candidates)
        {
            if (read(value) is not { } found) continue;
            _rules[field] = rule;
            return found;
        }
        return null;
    }

    string? FirstUrl(string field, IEnumerable<Candidate> candidates) => First(field, candidates, candidate =>
        !string.IsNullOrWhiteSpace(candidate) && Uri.TryCreate(_pageUrl, candidate.Trim(), out var absolute) &&
        (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute.AbsoluteUri
            : null);

    string? FirstText(string field, IEnumerable<Candidate> candidates) => First(field, candidates, Clean);

    /// <summary>Every candidate that parses as a date, in the order given.</summary>
    List<Stamp> AllDates(IEnumerable<Candidate> candidates) =>
        [.. candidates.Select(c => DateText.Parse(c.Value) is { } date ? new Stamp(ReadAsShown(c.Value!, date), c.Rule) : (Stamp?)null).OfType<Stamp>()];

    /// <summary>
    /// A numeric stamp that reads both ways ("11/01/2023 12:43:42": 11 January day first, 1 November month first) is
    /// read the way the page's text shows it when the text shows only the other reading: content management systems
    /// write month-first stamps on pages whose readers see day-first dates ("Erstellt am: 01.11.2023").
    /// </summary>
    DateTimeOffset ReadAsShown(string value, DateTimeOffset date)
    {
        if (DateText.Swapped(value, date) is not { } swapped) return date;
        _shownDays ??= [.. DateText.AllVisible(BodyText()).Select(d => d.Date)];
        return _shownDays.Contains(swapped.Date) && !_shownDays.Contains(date.Date) ? swapped : date;
    }

    HashSet<DateTime>? _shownDays;

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

    [GeneratedRegex(@"""(?:published_?at|date_?published|publish_?date|pub_?date|first_?published_?at)""\s*:\s*""(?<date>\d{4}-\d{2}-\d{2}[^""]{0,30})""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptPublishedKey();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// A class that hides the element itself ("hidden", "is-hidden", "rich-snippet-hidden"), not one that hides a part of it
    /// or hides it on some screens only: Drupal marks every field whose label is hidden "field--label-hidden", its date and
    /// body fields too, and "hidden-xs", "hidden-print", "overflow-hidden", "lazy-hidden" are shown to the reader.
    /// </summary>
    [GeneratedRegex(@"^(?!.*(?:label|overflow|lazy|print|xs|sm|md|lg|xl|phone|tablet|desktop|mobile|small|medium|large|wide|narrow)).*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenClass();

    [GeneratedRegex(@"date|time|publish|posted", RegexOptions.IgnoreCase)]
    private static partial Regex DateAttributeName();

    [GeneratedRegex(@"modif|update|edit|start|end|expir|until|valid|from|to-|event", RegexOptions.IgnoreCase)]
    private static partial Regex NotPublicationName();

    [GeneratedRegex(@"^\s*(by|von|par|door|di|por|autor(in)?:?|author:?)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")]
    private static partial Regex LanguageTag();
}
