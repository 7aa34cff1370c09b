using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// Extracts an article's metadata and body text from the HTML of its page. Never throws: garbage
/// in gives an empty or partial page out.
/// </summary>
public sealed class ArticleExtractor
{
    // AngleSharp and the selectors walk the tree recursively; deeper nesting than this is not an article but a risk of stack overflow.
    const int MaxDepth = 200;

    static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    public ExtractedPage Extract(string html, Uri pageUrl)
    {
        try
        {
            var document = new HtmlParser(ParserOptions).ParseDocument(html ?? "");
            PruneDeepNesting(document);
            var page = MetadataReader.Read(document, pageUrl);
            return page with { Text = BodyExtractor.Extract(document) };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A page that breaks the parser or a rule is skipped rather than stopping a crawl.
            return new ExtractedPage();
        }
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
