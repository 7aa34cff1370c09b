using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// Finds the article body of a page and writes it as paragraphs. It drops what is never content
/// (scripts, forms, navigation, asides, footers) and blocks named like boilerplate (comments, share
/// buttons, ads, related links), scores containers by the text of the paragraphs they hold, as
/// Readability does, keeps the best one with its content-like siblings, and leaves out link lists.
/// </summary>
static partial class BodyExtractor
{
    const int MinParagraphLength = 25;
    const int ProseLength = 80;
    const int TailParagraphLength = 40;
    const int LeadAllowance = 1000;
    const double AscendRatio = 1.5;
    const double MaxLinkDensity = 0.5;

    /// <summary>Stands for a br while a block's text is gathered: two in a row separate paragraphs, as on pages without p.</summary>
    const char LineBreak = '\u0001';

    // rt and rp are a ruby's reading aids (the furigana over kanji): kept, they split every word of the text in two
    // (子こども for 子ども), and NHK's easy news matched none of its 3 wanted segments.
    static readonly HashSet<string> NeverContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "input", "select", "textarea",
        "object", "embed", "video", "audio", "map", "head", "link", "meta", "rt", "rp",
    };

    static readonly HashSet<string> BoilerplateTags = new(StringComparer.OrdinalIgnoreCase) { "nav", "aside", "footer", "form", "dialog", "menu" };

    static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "blockquote", "pre", "table", "tr", "td", "th", "caption", "figure", "figcaption", "header", "address", "hr", "center", "details", "summary",
    };

    static readonly HashSet<string> ParagraphTags = new(StringComparer.OrdinalIgnoreCase) { "p", "pre", "td", "blockquote", "li", "dd" };

    static readonly HashSet<string> Boilerplate = new(StringComparer.OrdinalIgnoreCase)
    {
        "comment", "comments", "kommentare", "disqus", "respond", "reply", "replies", "share", "sharing", "shares", "social", "sociable",
        "sharedaddy", "addthis", "shariff", "sidebar", "newsletter", "subscribe", "subscription", "signup",
        "ad", "ads", "advert", "advertisement", "advertising", "anzeige", "sponsor", "sponsored", "promo", "banner", "cookie", "cookies",
        "consent", "gdpr", "breadcrumb", "breadcrumbs", "footer", "nav", "navbar", "navigation", "menu", "aside", "related", "recommended",
        "popular", "trending", "popup", "modal", "pagination", "pager", "rss", "masthead", "toolbar", "skip", "tags", "tagcloud",
        "taglist", "categories", "authorbox", "outbrain", "taboola", "screen-reader-text", "sr-only",
        "byline", "postmeta", "dateline", "date", "datum", "posted", "timestamp", "caption", "credit", "copyright", "login", "teaser", "more",
        "disclaimer", "disclosure", "paywall", "loading",
    };

    static readonly HashSet<string> ContentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "article", "articlebody", "content", "entry", "post", "story", "body", "text", "main", "blog", "prose",
    };

    /// <summary>The body text of <paramref name="document"/>, which it alters on the way.</summary>
    public static string Extract(IDocument document)
    {
        if (document.Body is not { } body) return "";
        RemoveNonContent(body);
        var measures = Measure(body);
        var roots = ChooseRoots(body, measures);
        var (articleRoot, headline) = WithLead(body, roots, measures);
        return Join(articleRoot is null ? roots.SelectMany(root => Paragraphs(root, null)) : Paragraphs(articleRoot, headline));
    }

    /// <summary>
    /// The text of the smallest element that holds nearly all of the page's prose, after every boilerplate block is
    /// removed, even one holding most of the prose (a comment thread under a short post). A second opinion, used where
    /// Readability's pick looks like a miss (see <see cref="ArticleExtractor"/>). It alters <paramref name="document"/>.
    /// </summary>
    public static string MainProse(IDocument document)
    {
        if (document.Body is not { } body) return "";
        RemoveNonContent(body, keepMostProse: false);
        var measures = Measure(body);
        var nearlyAll = measures[body].Prose * NearlyAllProse;
        IElement block = body;
        while (block.Children.FirstOrDefault(child => measures[child].Prose >= nearlyAll) is { } child) block = child;
        return Join(Paragraphs(block, null));
    }

    /// <summary>
    /// Share of the page's prose the main block must hold. Measured on Trafilatura's set with the fallback of
    /// <see cref="ArticleExtractor"/>: 0.9 gave F 0.9143, 0.95 gave 0.9146 (before it also followed our heuristic's
    /// pick); lower shares find one block of an article split over several.
    /// </summary>
    const double NearlyAllProse = 0.95;

    /// <summary>
    /// The paragraphs between the page's headline and the first paragraph of <paramref name="body"/>: the start of an
    /// article that a layout sets apart from the body's container, where Readability does not look. Only long
    /// paragraphs count: a byline, a date, a caption or a standfirst is shorter, and Readability leaves the standfirst
    /// to the page's description. At most <see cref="LeadAllowance"/> characters: more is another block of the page.
    /// Empty when the body's first paragraph does not follow the headline.
    /// </summary>
    public static string Lead(IDocument document, string body)
    {
        if (document.Body is not { } root || root.QuerySelector("h1") is not { } headline) return "";
        RemoveNonContent(root, keepMostProse: false);
        var first = body.Split("\n\n")[0];
        var lead = new List<string>();
        foreach (var paragraph in Paragraphs(root, headline))
        {
            if (paragraph.Text == first) return lead.Sum(text => text.Length) <= LeadAllowance ? string.Join("\n\n", lead) : "";
            if (IsContent(paragraph) && !paragraph.Heading && paragraph.Text.Length >= LeadParagraphLength) lead.Add(paragraph.Text);
        }
        return "";
    }

    /// <summary>
    /// The text of the <c>article</c> element that holds the page's headline, when <paramref name="body"/> begins outside
    /// it: a page of several articles (a feed, a front page with the story open) where the pick was another one.
    /// Empty when the headline is in no <c>article</c>, when the body starts inside it, or when it holds less than
    /// <see cref="MinHeadlineArticle"/> characters (a teaser card). It alters <paramref name="document"/>.
    /// </summary>
    public static string HeadlineArticle(IDocument document, string body)
    {
        if (document.Body is not { } root) return "";
        RemoveNonContent(root, keepMostProse: false);
        if (root.QuerySelector("h1")?.Closest("article") is not { } article) return "";
        // Compared without white space: a line break in the markup (<br>) joins words in the element's text.
        var first = Whitespace().Replace(body.Split("\n\n")[0], "");
        if (Whitespace().Replace(article.TextContent, "").Contains(first[..Math.Min(first.Length, 80)], StringComparison.Ordinal)) return "";
        var text = Join(Paragraphs(article, null));
        return text.Length >= MinHeadlineArticle ? text : "";
    }

    const int MinHeadlineArticle = 500;

    /// <summary>
    /// Shortest paragraph of a lead. Measured on both sets: from 80 characters Trafilatura's F rose to 0.9226 but
    /// Readability's token F fell 0.9703 → 0.9697 (standfirsts, bylines, captions it leaves out); from 200, 0.9193 and
    /// 0.97021; from 250, 0.9175 and no change.
    /// </summary>
    const int LeadParagraphLength = 250;

    /// <summary>The text of an already extracted article body (such as Readability's), cleaned by the same rules.</summary>
    public static string Clean(IDocument article)
    {
        if (article.Body is not { } body) return "";
        RemoveNonContent(body);
        return Join(Paragraphs(body, null));
    }

    static string Join(IEnumerable<Paragraph> paragraphs) =>
        string.Join("\n\n", TrimTail([.. KeptInContext([.. paragraphs]).Select(p => p.Text).Where(text => !IsFurniture(text))]));

    /// <summary>
    /// The paragraphs that are content, judged in context: a link-heavy paragraph alone between two paragraphs of
    /// prose is the article's (a source, a pointer the author wrote), where a run of them is a list of other pages;
    /// a heading whose section holds only such lists introduced them ("Auch interessant", "More from this author").
    /// </summary>
    static IEnumerable<Paragraph> KeptInContext(List<Paragraph> paragraphs)
    {
        var content = paragraphs.Select(IsContent).ToArray();
        bool IsProse(int i) => i >= 0 && i < paragraphs.Count && content[i] && !paragraphs[i].Heading && paragraphs[i].Text.Length >= ProseLength;
        var kept = new bool[paragraphs.Count];
        for (var i = 0; i < paragraphs.Count; i++)
        {
            kept[i] = content[i] || paragraphs[i].Text.Length >= 2 && !IsLabelledLink(paragraphs[i]) && IsProse(i - 1) && IsProse(i + 1);
        }
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (!paragraphs[i].Heading || !kept[i]) continue;
            var end = i + 1;
            while (end < paragraphs.Count && !paragraphs[end].Heading) end++;
            if (end > i + 1 && Enumerable.Range(i + 1, end - i - 1).All(j => !kept[j])) kept[i] = false;
        }
        return paragraphs.Where((_, i) => kept[i]);
    }

    /// <summary>A label and a link, as "Lea también: …" or "Related: …": a pointer to another page, inside an article or not.</summary>
    static bool IsLabelledLink(Paragraph paragraph)
    {
        var colon = paragraph.Text.IndexOf(':');
        return colon is > 0 and <= MaxLabelLength && paragraph.LinkText >= (paragraph.Text.Length - colon - 1) * 0.8;
    }

    const int MaxLabelLength = 40;

    /// <summary>Lines that frame an article rather than tell it are short: a byline, a credit, a pitch fits in this.</summary>
    const int FurnitureLength = 100;

    /// <summary>
    /// A short line that is the page's furniture, not the article: a byline ("By Ada Lovelace"), a dateline or time
    /// alone ("23.10.2018", "3:59 PM"), a photo credit ("Foto: …", "Titelbild: …"), a copyright line, a newsletter or
    /// sharing pitch ("Subscribe to…", "Share this"), a pointer to other reading ("Read more", "Lesen Sie auch").
    /// Each starts the line: the same words inside a sentence are the article's.
    /// </summary>
    static bool IsFurniture(string text) =>
        text.Length <= FurnitureLength && (FurnitureStart().IsMatch(text) || Byline().IsMatch(text) || DateOrTimeAlone().IsMatch(text));

    /// <summary>
    /// Drops what is never content, and boilerplate unless it holds most of the page's prose (when
    /// <paramref name="keepMostProse"/>): some sites wrap the whole page in a form or name a wrapper "has-sidebar".
    /// </summary>
    public static void RemoveNonContent(IElement body, bool keepMostProse = true, bool keepAuthorBoxes = false)
    {
        var protectedElements = new HashSet<IElement>();
        // A wrapper named like boilerplate can hold the article: Blogger's "date-outer" holds each post with its date.
        foreach (var keep in body.QuerySelectorAll("h1, article, main, [class], [id]").Where(e => e.LocalName is "h1" or "article" or "main" || IsArticleBodyContainer(e)))
        {
            for (IElement? e = keep; e is not null; e = e.ParentElement) protectedElements.Add(e);
        }
        var measures = Measure(body);
        var mostProse = keepMostProse ? measures[body].Prose / 2 : int.MaxValue;
        var doomed = new List<IElement>();
        var stack = new Stack<IElement>(body.Children.Reverse());
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (NeverContent.Contains(element.LocalName) ||
                !protectedElements.Contains(element) && measures[element].Prose <= mostProse && IsBoilerplate(element, keepAuthorBoxes))
            {
                doomed.Add(element);
                continue;
            }
            foreach (var child in element.Children.Reverse()) stack.Push(child);
        }
        foreach (var element in doomed) element.Remove();
    }

    /// <summary>An element that says it holds the article's body: itemprop=articleBody, or a name such as "post-body" or "entry-content".</summary>
    public static bool IsArticleBodyContainer(IElement element) =>
        element.GetAttribute("itemprop") == "articleBody" ||
        ArticleBodyName().IsMatch($"{element.GetAttribute("class")} {element.GetAttribute("id")}");

    [GeneratedRegex(@"(?:post|entry|article|story)[-_]?(?:body|content|text)|(?:body|content)[-_]?(?:post|entry|article|story)", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleBodyName();

    static bool IsBoilerplate(IElement element, bool keepAuthorBoxes)
    {
        if (BoilerplateTags.Contains(element.LocalName)) return true;
        if (element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true") return true;
        var role = element.GetAttribute("role");
        if (role is "navigation" or "banner" or "contentinfo" or "complementary" or "menu" or "menubar" or "dialog" or "alert" or "search") return true;
        var style = element.GetAttribute("style");
        if (style is not null && HiddenStyle().IsMatch(style)) return true;
        // A heading's id is its anchor ("nav_nur_die_folie" for a table of contents), not its role.
        var names = element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" ? element.GetAttribute("class") ?? "" : $"{element.GetAttribute("class")} {element.GetAttribute("id")}";
        if (names.Length <= 1) return false;
        // An author's box is named as such even inside the post ("entry-author author-bio"), so content words do not save it.
        if (!keepAuthorBoxes && AuthorBox().IsMatch(names)) return true;
        return NameWords(BemModifier().Replace(names, "")).Any(Boilerplate.Contains) && !NameWords(names).Any(ContentWords.Contains) &&
               !IsInlineInSentence(element);
    }

    /// <summary>
    /// A link or a span inside a paragraph, with words of the paragraph around it: part of a sentence, whatever its
    /// name ("<a class=""more"">www.selbertun.at</a>", "<span class=""date"">…</span>"). Removing it cut the sentence.
    /// </summary>
    static bool IsInlineInSentence(IElement element) =>
        element.LocalName is "a" or "span" or "em" or "strong" or "b" or "i" &&
        element.ParentElement is { } parent && ParagraphTags.Contains(parent.LocalName) &&
        parent.TextContent.Trim().Length > 2 * element.TextContent.Trim().Length;

    [GeneratedRegex(@"author[-_]*(?:box|bio|card|info|about|profile|desc)|about[-_]*the[-_]*author", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorBox();

    static string[] NameWords(string names) => NameSeparators().Split(names.ToLowerInvariant()).Where(w => w.Length > 0).ToArray();

    /// <summary>Lengths of an element's text, of the text in its links, and of its prose: paragraphs long enough and not mostly links.</summary>
    readonly record struct Measures(int Text, int LinkText, int Prose);

    /// <summary>The measures of every element, gathered bottom-up without recursion.</summary>
    static Dictionary<IElement, Measures> Measure(IElement body)
    {
        var measures = new Dictionary<IElement, Measures>();
        var order = new List<IElement>();
        var stack = new Stack<IElement>([body]);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            order.Add(element);
            foreach (var child in element.Children) stack.Push(child);
        }
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var element = order[i];
            int text = 0, linkText = 0, prose = 0;
            foreach (var node in element.ChildNodes)
            {
                if (node is IElement child)
                {
                    var childMeasures = measures[child];
                    text += childMeasures.Text;
                    linkText += child.LocalName == "a" ? childMeasures.Text : childMeasures.LinkText;
                    prose += childMeasures.Prose;
                }
                else if (node.NodeType == NodeType.Text)
                {
                    text += CollapsedLength(node.TextContent);
                }
            }
            if (text >= ProseLength && linkText < text * 0.3 && IsParagraph(element)) prose = text;
            measures[element] = new Measures(text, linkText, prose);
        }
        return measures;
    }

    static int CollapsedLength(string text)
    {
        var length = 0;
        var previousSpace = true;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space || !previousSpace) length++;
            previousSpace = space;
        }
        return length;
    }

    /// <summary>The best-scoring container and those of its siblings that look like more of the same article.</summary>
    static IReadOnlyList<IElement> ChooseRoots(IElement body, Dictionary<IElement, Measures> measures)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var (element, (text, linkText, _)) in measures)
        {
            if (!IsParagraph(element) || text < MinParagraphLength) continue;
            var content = element.TextContent;
            var score = (1 + content.Count(c => c is ',' or '，' or '、') + Math.Min(text / 100, 3)) * (1 - (double)linkText / text);
            var ancestor = element.ParentElement;
            for (var level = 0; level < 3 && ancestor is not null && measures.ContainsKey(ancestor); level++, ancestor = ancestor.ParentElement)
            {
                scores[ancestor] = scores.GetValueOrDefault(ancestor) + score / (level == 0 ? 1 : level * 2);
            }
        }
        if (scores.Count == 0) return [body];
        var best = scores
            .Select(pair => (Element: pair.Key, Score: pair.Value * NameWeight(pair.Key) * (1 - LinkDensity(pair.Key, measures))))
            .MaxBy(pair => pair.Score);
        var top = best.Element;
        // An article split over several sibling blocks scores in each; its common ancestor holds clearly more prose.
        while (top.ParentElement is { } up && measures.ContainsKey(up) && measures[up].Prose >= measures[top].Prose * AscendRatio) top = up;
        if (top.ParentElement is not { } parent) return [top];
        var roots = new List<IElement>();
        foreach (var sibling in parent.Children)
        {
            if (sibling == top ||
                scores.TryGetValue(sibling, out var siblingScore) && siblingScore * NameWeight(sibling) >= Math.Max(10, best.Score * 0.2) ||
                IsParagraph(sibling) && measures[sibling].Text > 80 && LinkDensity(sibling, measures) < 0.25)
            {
                roots.Add(sibling);
            }
        }
        return roots;
    }

    /// <summary>
    /// The lead paragraph often sits between the headline and the body's container. When the headline
    /// and the chosen blocks share an ancestor with little other text, the article is that ancestor's
    /// content after the headline.
    /// </summary>
    static (IElement? Root, IElement? Headline) WithLead(IElement body, IReadOnlyList<IElement> roots, Dictionary<IElement, Measures> measures)
    {
        var first = roots[0];
        var headline = body.QuerySelectorAll("h1").FirstOrDefault(h => h.CompareDocumentPosition(first).HasFlag(DocumentPositions.Following) && !first.Contains(h));
        if (headline is null) return (null, null);
        var ancestor = first.ParentElement;
        while (ancestor is not null && !ancestor.Contains(headline)) ancestor = ancestor.ParentElement;
        if (ancestor is null || !measures.TryGetValue(ancestor, out var around)) return (null, null);
        var chosenText = roots.Sum(r => measures[r].Text);
        return around.Text - chosenText <= Math.Max(LeadAllowance, chosenText * 0.3) ? (ancestor, headline) : (null, null);
    }

    static bool IsParagraph(IElement element) =>
        ParagraphTags.Contains(element.LocalName) ||
        element.LocalName == "div" && !element.Children.Any(c => BlockTags.Contains(c.LocalName));

    static double LinkDensity(IElement element, Dictionary<IElement, Measures> measures)
    {
        var (text, linkText, _) = measures[element];
        return text == 0 ? 0 : (double)linkText / text;
    }

    static double NameWeight(IElement element)
    {
        var weight = element.LocalName is "article" or "main" || element.GetAttribute("itemprop") == "articleBody" ? 1.5 : 1.0;
        var names = $"{element.GetAttribute("class")} {element.GetAttribute("id")}";
        if (names.Length > 1 && NameWords(names).Any(ContentWords.Contains)) weight *= 1.25;
        return weight;
    }

    /// <param name="Heading">From an h2 to h6: it opens a section.</param>
    sealed record Paragraph(string Text, int LinkText, bool Heading);

    /// <summary>The text blocks of <paramref name="root"/> in document order: one per block element, or per run of lines broken by br.</summary>
    static IEnumerable<Paragraph> Paragraphs(IElement root, IElement? startAfter)
    {
        var started = startAfter is null;
        var paragraphs = new List<Paragraph>();
        var text = new StringBuilder();
        var linkText = 0;
        var heading = false;
        void Flush()
        {
            var pieces = BreakRuns().Split(text.ToString())
                .Select(piece => Whitespace().Replace(piece.Replace(LineBreak, ' '), " ").Trim())
                .Where(piece => piece.Length > 0)
                .ToList();
            var total = pieces.Sum(piece => piece.Length);
            // Link text is counted per block; a block split at double line breaks shares it out by length.
            if (started) foreach (var piece in pieces) paragraphs.Add(new Paragraph(piece, linkText * piece.Length / total, heading));
            text.Clear();
            linkText = 0;
            heading = false;
        }

        // Iterative walk: a marker null on the stack closes the block element pushed before it.
        var stack = new Stack<(INode? Node, int LinkDepth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, linkDepth) = stack.Pop();
            if (node is null)
            {
                Flush();
                continue;
            }
            if (node.NodeType == NodeType.Text)
            {
                var content = node.TextContent;
                text.Append(content);
                if (linkDepth > 0) linkText += CollapsedLength(content);
                continue;
            }
            if (node is not IElement element) continue;
            if (element.LocalName == "br")
            {
                text.Append(LineBreak);
                continue;
            }
            if (element == startAfter) started = true;
            if (element.LocalName == "h1") continue;
            var cellOfRow = element.LocalName is "td" or "th" && element.ParentElement is { } row && IsDataRow(row);
            if (cellOfRow) text.Append(' ');
            var block = !cellOfRow && BlockTags.Contains(element.LocalName);
            if (block)
            {
                Flush();
                stack.Push((null, linkDepth));
                heading = element.LocalName is "h2" or "h3" or "h4" or "h5" or "h6";
            }
            var childLinkDepth = linkDepth + (element.LocalName == "a" ? 1 : 0);
            for (var i = element.ChildNodes.Length - 1; i >= 0; i--) stack.Push((element.ChildNodes[i], childLinkDepth));
        }
        Flush();
        return paragraphs;
    }

    /// <summary>
    /// A row of a data table: two cells or more, each a short run of text without blocks or line breaks. Such a row is one
    /// line ("Jané Koos i-Size 2,1 gut"), as a reader reads it; cell by cell, its short cells were dropped as stray
    /// characters or trailing lines. Layout tables, whose cells hold blocks or long text, stay split by cell.
    /// </summary>
    static bool IsDataRow(IElement row) =>
        row.LocalName == "tr" && row.Children.Length >= 2 &&
        row.Children.All(cell => cell.LocalName is "td" or "th" && CollapsedLength(cell.TextContent) <= MaxCellLength &&
            !cell.QuerySelectorAll("*").Any(inner => inner.LocalName == "br" || BlockTags.Contains(inner.LocalName)));

    const int MaxCellLength = 200;

    /// <summary>
    /// Short lines after the last real paragraph are "related" headings, credits and contact lines; a short line that
    /// ends a sentence ("Bis morgen.", "Be there or be square!") is the article's sign-off or last line of dialogue.
    /// Then the pitches and disclosures that close the body go (<see cref="IsPitch"/>, <see cref="IsDisclosure"/>), and the
    /// disclosures that open it.
    /// </summary>
    static IEnumerable<string> TrimTail(List<string> paragraphs)
    {
        var last = paragraphs.FindLastIndex(p => p.Length >= TailParagraphLength || SentenceEnd().IsMatch(p) || p.Length <= MaxLabelLength && SignOff().IsMatch(p));
        if (last < 0) return paragraphs;
        // A press release closes with its contacts: a label alone ("Kontakt:", "Media contact:"), then short lines.
        var contact = paragraphs.FindLastIndex(last, p => ContactLabel().IsMatch(p));
        if (contact > 0 && paragraphs.Skip(contact + 1).Take(last - contact).All(p => p.Length <= FurnitureLength) && last - contact <= MaxContactLines) last = contact - 1;
        while (last > 0 && (IsPitch(paragraphs[last]) || IsDisclosure(paragraphs[last]))) last--;
        var first = 0;
        while (first < last && IsDisclosure(paragraphs[first])) first++;
        return paragraphs.Skip(first).Take(last + 1 - first);
    }

    /// <summary>Not mostly links, and more than a stray character such as a bullet or a separator.</summary>
    static bool IsContent(Paragraph paragraph) =>
        paragraph.Text.Length >= 2 && (double)paragraph.LinkText / paragraph.Text.Length <= MaxLinkDensity;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// A call to the reader that closes many articles: subscribe, follow the publication, download the app, share,
    /// comment, write to the editor. Only at the end of the body, after the last paragraph that is none of these: inside
    /// the article the same words are its subject. A line of links separated by '|' is a menu, not a pitch, and an
    /// author's "follow him on Twitter" belongs to the author's note, which Readability's pages keep.
    /// </summary>
    static bool IsPitch(string text) => text.Length <= MaxPitchLength && !text.Contains('|') && Pitch().IsMatch(text);

    /// <summary>
    /// A note that the page earns from its links or carries advertising ("Für Links auf dieser Seite erhält … eine
    /// Provision", "This post contains affiliate links"): the publisher's, not the article's, at the start or the end.
    /// </summary>
    static bool IsDisclosure(string text) => text.Length <= MaxPitchLength && Disclosure().IsMatch(text);

    [GeneratedRegex(@"\b(?:provision|commission|affiliate|advertiser|advertising\ disclaimer|sponsored\ by|enthält\ werbung|partnerlink)", RegexOptions.IgnoreCase)]
    private static partial Regex Disclosure();

    // Two sentences: a pitch is short; a longer paragraph that mentions subscribers is the article's.
    const int MaxPitchLength = 250;

    [GeneratedRegex("""
        \b(?:subscrib|sign(?:ing)?\ up|newsletter|follow\ (?:us|the\ )|download\ (?:the|our)|apps?\ for\ (?:ios|android)|log\ ?in\b
        | share\ this|letter\ to\ the\ editor|contact\ us|copyrighted|abonn|anmelden|teilen\b|kommentaren\b
        | suscr|únete|hazte\ miembro|canal\ de\ (?:youtube|telegram|whatsapp)|nos\ siga|inscrivez|subskryp)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Pitch();

    // An author's greeting that closes a post ("Euer Hans", "Liebe Grüße, Anna", "XX, die Redaktion", "Cheers, Tom", a smiley): the
    // article's last line, though it ends no sentence.
    [GeneratedRegex(@"^(?:(?:euer|eure|dein|deine|your|yours|votre|vos|tu|tuo|tua)\s+\p{L}|(?:viele|liebe|herzliche|beste|sonnige|best|kind|warm)\s+(?:grüße|grüsse|regards|wishes)|xx+\b|xoxo|cheers\b|bisous|besos|saludos|ciao\b|bis\s+(?:bald|dann|morgen)\b|[:;=]-?[)(DPp]+\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    // A contact box's label, alone on its line.
    [GeneratedRegex(@"^(?:presse)?(?:kontakt|ansprechpartner(?:in)?|contacts?|media\ contacts?|press\ contacts?|pressekontakt)\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex ContactLabel();

    const int MaxContactLines = 8;

    // A full stop, question or exclamation mark, or an ellipsis, perhaps inside closing quotes or brackets.
    [GeneratedRegex(@"[.!?…][""'“”»«)\]]*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex("""
        ^(?:©|\(c\)\s|copyright\b|all\ rights\ reserved|alle\ rechte\ vorbehalten|tous\ droits\ réservés|todos\ los\ derechos
        | (?:photo|foto|fotos|bild|titelbild|beitragsbild|image|picture|credit|crédit|quelle|source|fuente)s?\s*:
        | (?:subscribe|sign\ up|abonnieren|newsletter|inscr[ií]ba?s?e|suscr[ií]bete|follow\ us|folgen\ sie\ uns|share\ this|teilen\b|diesen\ artikel\ teilen)
        | (?:read\ more|read\ also|also\ read|related:|see\ also|lesen\ sie\ auch|mehr\ zum\ thema|zum\ weiterlesen|weiterlesen|lire\ aussi|à\ lire\ aussi|leer\ más|lee\ también)
        | (?:related\ (?:stories|articles|posts|coverage|content)|more\ (?:stories\ )?from\b|you\ (?:may|might)\ also\ like|recommended\ for\ you|latest\ (?:news|stories|articles)\s*$)
        | (?:auch\ interessant|das\ könnte\ (?:sie|dich)\ auch\ interessieren|schon\ gelesen\?|weitere\ (?:artikel|beiträge|news|meldungen)\b|neueste\ (?:artikel|beiträge)|empfehlungen\ der\ redaktion)
        | (?:lea\ (?:también|más|además)|vea\ también|le\ puede\ interesar|te\ puede\ interesar|à\ lire\ également|sur\ le\ même\ sujet|leggi\ anche)
        | (?:(?:aktualisiert|erstellt|verfasst|geschrieben)\ (?:am|von)\b|updated\ on\b|last\ updated\b|news\ date\b|mis\ à\ jour\ le\b|actualizado\ el\b)
        | (?:this\ entry\ was\ posted|posted\ in\b|filed\ under|tags?:|schlagworte:|kommentare?\b|kommentieren|comments?\b|aufrufe:|views:|rezept\ drucken|print\ recipe|if\ you\ enjoyed)
        )
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex FurnitureStart();

    // "By Ada Lovelace", "Von Max Muster und Erika Muster", "Par Jean Dupont": the line is the names alone, no sentence.
    [GeneratedRegex(@"^(?i:by|von|par|por|di|door|texte?\s*:|text\s+von)\s+\p{Lu}[\p{L}.'’-]*(?:[\s,&]+(?:and\s+|und\s+|et\s+|y\s+)?\p{Lu}[\p{L}.'’-]*){0,5}\s*$")]
    private static partial Regex Byline();

    // A date or a time with at most a weekday or a label around it: "23.10.2018", "3:59 PM", "Mittwoch, 1. November 2023, 10:30 Uhr".
    [GeneratedRegex(@"^[\p{L}.,:\s]{0,25}(?=\D*\d)(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\.?\s+\p{L}{3,10}\.?\s+\d{4}|\p{L}{3,10}\.?\s+\d{1,2},?\s+\d{4})?[,\s|–-]*(?:\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?m\.?|uhr|h))?)?\s*(?:\p{Lu}{2,4})?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DateOrTimeAlone();

    [GeneratedRegex("\u0001\\s*\u0001")]
    private static partial Regex BreakRuns();

    [GeneratedRegex(@"[\s_\-]+")]
    private static partial Regex NameSeparators();

    // A BEM modifier ("TestReport__Section--Ads") says how a block looks, not what it is: it cannot make a block
    // boilerplate, while a content word in it ("--article") still keeps one.
    [GeneratedRegex(@"--[\w-]*")]
    private static partial Regex BemModifier();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
