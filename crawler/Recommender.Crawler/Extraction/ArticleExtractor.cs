using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// Extracts an article's metadata and body text from the HTML of its page. Never throws: garbage
/// in gives an empty or partial page out.
/// </summary>
/// <remarks>
/// The body is SmartReader's (Readability's algorithm), cleaned by the rules of <see cref="BodyExtractor"/>;
/// where SmartReader finds nothing, <see cref="BodyExtractor"/>'s own choice. That pair scored best
/// on Trafilatura's evaluation pages (docs/EVALUATION.md).
/// </remarks>
public sealed partial class ArticleExtractor
{
    readonly bool _useReadability;

    public ArticleExtractor() : this(useReadability: true)
    {
    }

    /// <param name="useReadability">False measures <see cref="BodyExtractor"/> alone.</param>
    internal ArticleExtractor(bool useReadability) => _useReadability = useReadability;

    /// <summary>
    /// A pick of Readability's shorter than this (about 250 words) may be a miss: an advertiser disclosure, an author
    /// box, one block of an article split over several, all seen on Trafilatura's set. Readability itself retries
    /// below 500 characters. Longer limits traded Readability's token precision (0.996 at 2,000, 0.984 at 3,000)
    /// for little more F on Trafilatura's set (0.9160 both; docs/EVALUATION.md, issue 15, fourth pass).
    /// </summary>
    const int ShortPick = 1500;

    /// <summary>A short pick holding less than this share of the main prose block's text missed the article (0.5 gave F 0.9147, 0.6 0.9158, 0.7 0.9158).</summary>
    const double MissedShare = 0.6;

    // AngleSharp and the selectors walk the tree recursively; deeper nesting than this is not an article but a risk of stack overflow.
    const int MaxDepth = 200;

    // The HTML parser's work grows with the square of the nesting depth; pages past this many unclosed tags are cut there.
    const int MaxOpenTags = 3_000;

    static readonly HashSet<string> VoidTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li", "option",
    };

    static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    public ExtractedPage Extract(string html, Uri pageUrl)
    {
        try
        {
            var document = Parse(html);
            var page = MetadataReader.Read(document, pageUrl);
            // Read before the body's rules, which remove scripts from the document.
            var structured = StructuredBody(document);
            var rules = new Dictionary<string, string>(page.Rules);
            var (text, byline) = _useReadability ? Readability(html, pageUrl) : (null, null);
            rules[nameof(ExtractedPage.Text)] = "SmartReader (Readability's algorithm) on the page without boilerplate, cleaned";
            if (!string.IsNullOrEmpty(text) && BodyExtractor.Lead(document, text) is { Length: > 0 } lead)
            {
                text = lead + "\n\n" + text;
                rules[nameof(ExtractedPage.Text)] += ", with the lead between the headline and it";
            }
            if (string.IsNullOrEmpty(text))
            {
                text = BodyExtractor.Extract(document);
                rules[nameof(ExtractedPage.Text)] = "own heuristic: the container with the most prose";
            }
            if (text.Length < ShortPick && BodyExtractor.MainProse(document) is var prose && text.Length < prose.Length * MissedShare)
            {
                text = prose;
                rules[nameof(ExtractedPage.Text)] = "the block holding nearly all of the page's prose: the pick was short and held little of it";
            }
            else if (!text.Contains("\n\n") && text.Length >= ShortPick && BodyExtractor.MainProse(document) is var paragraphs &&
                     paragraphs.Split("\n\n").Length >= 3 && paragraphs.Length >= ShortPick)
            {
                text = paragraphs;
                rules[nameof(ExtractedPage.Text)] = "the block holding nearly all of the page's prose: the pick was one run of text (a table or a list), not paragraphs";
            }
            if (!string.IsNullOrEmpty(text) && BodyExtractor.HeadlineArticle(document, text) is { Length: > 0 } headlineArticle)
            {
                text = headlineArticle;
                rules[nameof(ExtractedPage.Text)] = "the article element holding the headline: the pick started outside it";
            }
            if (text.Length < ShortPick && text.Length < structured.Length * MissedShare)
            {
                // The visible part stays: a paywalled page shows its standfirst there and not in the structured body.
                text = string.Join("\n\n", text.Split("\n\n").Concat(structured.Split("\n\n")).Where(p => p.Length > 0).Distinct());
                rules[nameof(ExtractedPage.Text)] += ", then the articleBody (or the steps) of the page's JSON-LD: the visible body was short and held little of it";
            }
            // Readability's byline search reads the visible page, which helps where no metadata names the author.
            var authors = page.Authors;
            if (page.Authors.Count == 0 && MetadataReader.CleanAuthor(byline) is { } name)
            {
                authors = [name];
                rules[nameof(ExtractedPage.Authors)] = "SmartReader's byline";
            }
            return page with { Text = text, Authors = authors, Rules = rules };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A page that breaks the parser or a rule is skipped rather than stopping a crawl.
            return new ExtractedPage();
        }
    }

    /// <summary>
    /// The <c>articleBody</c> of the page's JSON-LD (or a how-to's or recipe's steps) as paragraphs, or empty. Pages that render the article by script
    /// show a reader of the HTML only a teaser or nothing, while the structured data for search engines holds the whole
    /// text, as plain text or as escaped markup.
    /// </summary>
    static string StructuredBody(IDocument document)
    {
        var jsonLd = JsonLd.Read(document);
        // A how-to or a recipe has no articleBody: its steps are its text.
        var body = jsonLd.First("articleBody") ?? string.Concat(jsonLd.Instructions().Select(text => text.Contains('<') ? text : $"<p>{System.Net.WebUtility.HtmlEncode(text)}</p>"));
        if (string.IsNullOrEmpty(body)) return "";
        body = System.Net.WebUtility.HtmlDecode(body);
        if (body.Contains('<')) return BodyExtractor.Clean(Parse(body));
        return string.Join("\n\n", body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>SmartReader's article body, from the page without what our rules call boilerplate, and its byline; nulls when it finds none or fails.</summary>
    static (string? Text, string? Byline) Readability(string html, Uri pageUrl)
    {
        try
        {
            // Classes kept, so that the cleaning can still recognise share bars and comments.
            var page = Parse(html);
            // Author boxes stay for SmartReader's byline search (without them 5 of Trafilatura's pages lost their author: 343 → 338 of 534);
            // the cleaning of its article removes them.
            if (page.Body is { } body) BodyExtractor.RemoveNonContent(body, keepAuthorBoxes: true);
            var article = new SmartReader.Reader(pageUrl.AbsoluteUri, page) { KeepClasses = true }.GetArticle();
            var text = article.IsReadable && !string.IsNullOrEmpty(article.Content) ? BodyExtractor.Clean(Parse(article.Content)) : null;
            return (text, article.Byline);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return (null, null);
        }
    }

    static IHtmlDocument Parse(string html)
    {
        var document = new HtmlParser(ParserOptions).ParseDocument(LimitNesting(html ?? ""));
        PruneDeepNesting(document);
        UnwrapArticleTemplates(document);
        return document;
    }

    /// <summary>
    /// Some platforms (Blogger among them) ship the article's markup inside <c>&lt;script type="text/template"&gt;</c>
    /// and render it by script, so a reader of the HTML finds an empty body. A template holding paragraphs of
    /// prose, and no placeholders of a template language (<c>{{</c>, <c>&lt;%</c>), is put in place as markup.
    /// </summary>
    static void UnwrapArticleTemplates(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type*=template i], script[type='text/html' i]").ToList())
        {
            var markup = script.TextContent;
            if (markup.Length < MinTemplateProse || !markup.Contains("<p", StringComparison.OrdinalIgnoreCase) ||
                markup.Contains("{{", StringComparison.Ordinal) || markup.Contains("<%", StringComparison.Ordinal))
            {
                continue;
            }
            if (script.ParentElement is not { } parent || !BodyExtractor.IsArticleBodyContainer(parent)) continue;
            var content = document.CreateElement("div");
            content.InnerHtml = markup;
            // Mostly paragraphs: author boxes, share bars and data are templates too.
            var paragraphs = content.QuerySelectorAll("p").Sum(p => p.TextContent.Trim().Length);
            if (paragraphs >= MinTemplateProse && paragraphs * 2 >= content.TextContent.Trim().Length) script.Replace(content);
        }
    }

    // About two sentences: less is a widget's template, not an article.
    const int MinTemplateProse = 200;

    /// <summary>
    /// The HTML up to where it opens more than <see cref="MaxOpenTags"/> tags it has not closed: a
    /// quick count before parsing, not a parse (p and li, often left open, are not counted).
    /// </summary>
    static string LimitNesting(string html)
    {
        var open = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            if (html[i + 1] == '/')
            {
                open = Math.Max(0, open - 1);
                continue;
            }
            if (!char.IsAsciiLetter(html[i + 1])) continue;
            var end = i + 1;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end])) end++;
            var close = html.IndexOf('>', end);
            if (VoidTags.Contains(html[(i + 1)..end]) || close > 0 && html[close - 1] == '/') continue;
            if (++open > MaxOpenTags) return html[..i];
        }
        return html;
    }

    static void PruneDeepNesting(IDocument document)
    {
        if (document.DocumentElement is not { } root) return;
        var tooDeep = new List<IElement>();
        var stack = new Stack<(IElement Element, int Depth)>([(root, 0)]);
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (depth >= MaxDepth)
            {
                tooDeep.Add(element);
                continue;
            }
            foreach (var child in element.Children) stack.Push((child, depth + 1));
        }
        foreach (var element in tooDeep) element.Remove();
    }
}
