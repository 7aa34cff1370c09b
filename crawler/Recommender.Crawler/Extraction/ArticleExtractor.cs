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
public sealed class ArticleExtractor
{
    readonly bool _useReadability;

    public ArticleExtractor() : this(useReadability: true)
    {
    }

    /// <param name="useReadability">False measures <see cref="BodyExtractor"/> alone.</param>
    internal ArticleExtractor(bool useReadability) => _useReadability = useReadability;

    // AngleSharp and the selectors walk the tree recursively; deeper nesting than this is not an article but a risk of stack overflow.
    const int MaxDepth = 200;

    static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    public ExtractedPage Extract(string html, Uri pageUrl)
    {
        try
        {
            var document = Parse(html);
            var page = MetadataReader.Read(document, pageUrl);
            var text = _useReadability ? ReadabilityText(html, pageUrl) : null;
            if (string.IsNullOrEmpty(text)) text = BodyExtractor.Extract(document);
            return page with { Text = text };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A page that breaks the parser or a rule is skipped rather than stopping a crawl.
            return new ExtractedPage();
        }
    }

    /// <summary>SmartReader's article body, cleaned by our rules; null when it finds none or fails.</summary>
    static string? ReadabilityText(string html, Uri pageUrl)
    {
        try
        {
            var article = new SmartReader.Reader(pageUrl.AbsoluteUri, Parse(html)).GetArticle();
            return article.IsReadable && !string.IsNullOrEmpty(article.Content) ? BodyExtractor.Clean(Parse(article.Content)) : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return null;
        }
    }

    static IHtmlDocument Parse(string html)
    {
        var document = new HtmlParser(ParserOptions).ParseDocument(html ?? "");
        PruneDeepNesting(document);
        return document;
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
