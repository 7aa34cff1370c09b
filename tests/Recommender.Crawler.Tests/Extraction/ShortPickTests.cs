using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

/// <summary>
/// Readability's pick that is short and holds little of the page's prose gives way to the block that holds nearly
/// all of it (issue 15: whole articles missed for a disclosure or an author box).
/// </summary>
public class ShortPickTests
{
    static readonly Uri PageUrl = new("https://harbour.example/2024/turbines");

    static readonly string[] Article =
    [
        "The harbour board voted on Tuesday to keep the tidal turbines running through the winter, after a trial that began in spring and ran longer than planned.",
        "By the end of the trial, the turbines had met most of the town's needs for electricity on calm days, the board said, and more than that on days of spring tides.",
        "Fishermen, who had feared for their moorings, said the turbines had changed nothing for them so far, though several asked for a review before the next season.",
        "The board will publish the measurements of the trial in January, together with the cost of keeping the turbines in the water for another year.",
        "Engineers expect the first maintenance dive in February, when the water is clearest, and say the blades showed less wear than the makers had predicted.",
        "A second row of turbines, further out, is planned for 2026 if the town council agrees to share its cost with the two neighbouring villages.",
    ];

    static string Paragraphs(IEnumerable<string> texts) => string.Concat(texts.Select(text => $"<p>{text}</p>"));

    [Fact]
    public void AnArticleInAContainerReadabilitySkipsIsFoundByItsProse()
    {
        // Readability skips containers named like a footer; the only prose left to it is a disclosure of 600 characters.
        var disclosure = string.Concat(Enumerable.Repeat("Some offers on this site come from partners who pay us, which may affect where they appear. ", 7));
        var html = $"""
            <html><body>
            <section class="disclosure-body"><h3>Advertiser disclosure</h3><p>{disclosure}</p></section>
            <div class="above-footer"><h1>Turbines stay in the harbour</h1><div class="story">{Paragraphs(Article)}</div></div>
            </body></html>
            """;

        var page = new ArticleExtractor().Extract(html, PageUrl);

        Assert.All(Article, paragraph => Assert.Contains(paragraph, page.Text));
        Assert.StartsWith("the block holding nearly all of the page's prose", page.Rules[nameof(ExtractedPage.Text)]);
    }

    [Fact]
    public void OurOwnShortPickAlsoGivesWayToTheMainProse()
    {
        // A note full of commas wins the paragraph scoring, while the article is split into one element per paragraph.
        const string note = "We may earn a commission, for example on links marked with a symbol, from shops, banks, or partners, at no cost to you.";
        var blocks = string.Concat(Article.Select(text => $"<article><div class=\"textpic\"><div class=\"bodytext\"><p>{text}</p></div></div></article>"));
        var html = $"""
            <html><body>
            <div class="top"><div class="note"><p>{note}</p><p>{note}</p></div></div>
            <main><h1>Turbines stay in the harbour</h1><div class="report">{blocks}</div></main>
            </body></html>
            """;

        var page = new ArticleExtractor(useReadability: false).Extract(html, PageUrl);

        Assert.All(Article, paragraph => Assert.Contains(paragraph, page.Text));
        Assert.StartsWith("the block holding nearly all of the page's prose", page.Rules[nameof(ExtractedPage.Text)]);
    }

    [Fact]
    public void TheMainProseOfAShortPostLeavesOutTheCommentsThatOutweighIt()
    {
        var comments = Enumerable.Range(1, 8).Select(i => $"Comment {i}: I live by the harbour and have watched the turbines since spring; the noise is lower than the ferry's, and the water looks no different to me at all.");
        var html = $"""
            <html><body>
            <article><h1>Turbines stay in the harbour</h1>{Paragraphs(Article.Take(3))}</article>
            <section class="comments">{Paragraphs(comments)}</section>
            </body></html>
            """;

        var prose = BodyExtractor.MainProse(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html));

        Assert.All(Article.Take(3), paragraph => Assert.Contains(paragraph, prose));
        Assert.DoesNotContain("Comment 1:", prose);
    }

    [Fact]
    public void TheArticlesFirstParagraphSetApartUnderTheHeadlineLeadsTheBodyButAShortStandfirstDoesNot()
    {
        const string standfirst = "The board keeps its turbines in the water for the winter.";
        const string opening = "Nobody in the harbour expected the vote to be close. For two hours on Tuesday evening, the board heard fishermen, engineers and the mayor, and for most of that time the turbines looked likely to be hauled out before the first storms of November, as the makers had advised in spring.";
        var html = $"""
            <html><body>
            <div class="intro"><h1>Turbines stay in the harbour</h1><p class="standfirst">{standfirst}</p><div class="opening"><p>{opening}</p></div></div>
            <div class="layout"><div class="story-body">{Paragraphs(Article)}</div></div>
            </body></html>
            """;
        var body = string.Join("\n\n", Article);

        var lead = BodyExtractor.Lead(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html), body);

        Assert.Equal(opening, lead);
    }

    [Fact]
    public void NoLeadWhenTheBodyDoesNotFollowTheHeadline()
    {
        const string opening = "Nobody in the harbour expected the vote to be close. For two hours on Tuesday evening, the board heard fishermen, engineers and the mayor, and for most of that time the turbines looked likely to be hauled out before the first storms of November, as the makers had advised in spring.";
        var html = $"""
            <html><body>
            <div class="layout"><div class="story-body">{Paragraphs(Article)}</div></div>
            <div class="intro"><h1>Turbines stay in the harbour</h1><p>{opening}</p></div>
            </body></html>
            """;

        Assert.Equal("", BodyExtractor.Lead(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html), string.Join("\n\n", Article)));
    }

    [Fact]
    public void AnArticleRenderedByScriptIsReadFromItsStructuredDataAfterTheVisibleTeaser()
    {
        // The page shows a standfirst and a subscription box; the whole text is only in the JSON-LD, as escaped markup.
        const string standfirst = "The harbour board keeps its tidal turbines in the water for the winter, after a trial that ran longer than planned.";
        var structured = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["@type"] = "NewsArticle",
            ["headline"] = "Turbines stay in the harbour",
            ["articleBody"] = Paragraphs(Article),
        });
        var html = $"""
            <html><head><script type="application/ld+json">{structured}</script></head><body>
            <article><h1>Turbines stay in the harbour</h1><p class="standfirst">{standfirst}</p><div id="app"></div></article>
            </body></html>
            """;

        var page = new ArticleExtractor().Extract(html, PageUrl);

        Assert.StartsWith(standfirst, page.Text);
        Assert.All(Article, paragraph => Assert.Contains(paragraph, page.Text));
        Assert.EndsWith("then the articleBody (or the steps) of the page's JSON-LD: the visible body was short and held little of it", page.Rules[nameof(ExtractedPage.Text)]);
    }

    [Fact]
    public void AHowToRenderedByScriptIsReadFromItsStepsInTheStructuredData()
    {
        // A how-to page whose app renders the steps: the HTML holds an empty mount point; the JSON-LD holds the
        // description and each step, its text as escaped markup in a HowToDirection.
        const string description = "Whatever the size and style of your round table, a round tablecloth made to measure gives it a soft finish.";
        var steps = new[]
        {
            "To make a round tablecloth, you need the table's diameter: the measure from edge to edge through the middle.",
            "Add twice the drop you want, and ten centimetres for the hem, and cut a square of fabric of that side.",
        };
        var structured = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "HowTo",
            ["name"] = "How to make a round tablecloth in 7 steps",
            ["description"] = description,
            ["step"] = steps.Select((text, i) => new Dictionary<string, object>
            {
                ["@type"] = "HowToStep",
                ["name"] = $"Step {i + 1}",
                ["itemListElement"] = new Dictionary<string, object> { ["@type"] = "HowToDirection", ["text"] = $"<p>{text}</p>" },
            }).ToArray(),
        });
        var html = $"""
            <html><head><script type="application/ld+json">{structured}</script></head><body>
            <h1>How to make a round tablecloth in 7 steps</h1><div id="app"></div>
            </body></html>
            """;

        var page = new ArticleExtractor().Extract(html, PageUrl);

        Assert.Contains(description, page.Text);
        Assert.All(steps, step => Assert.Contains(step, page.Text));
        Assert.True(page.Text.IndexOf(steps[0], StringComparison.Ordinal) < page.Text.IndexOf(steps[1], StringComparison.Ordinal));
    }

    [Fact]
    public void TheStructuredBodyIsNotAddedToAVisibleArticle()
    {
        const string summary = "A summary for search engines: the harbour board keeps its tidal turbines in the water for the winter, and the fishermen see no change.";
        var structured = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["@type"] = "NewsArticle",
            ["articleBody"] = summary + "\n" + string.Join("\n", Article),
        });
        var html = $"""
            <html><head><script type="application/ld+json">{structured}</script></head><body>
            <article><h1>Turbines stay in the harbour</h1>{Paragraphs(Article)}</article>
            </body></html>
            """;

        var page = new ArticleExtractor().Extract(html, PageUrl);

        Assert.All(Article, paragraph => Assert.Contains(paragraph, page.Text));
        Assert.DoesNotContain(summary, page.Text);
    }

    [Fact]
    public void OnAPageOfSeveralArticlesTheOneHoldingTheHeadlineIsTheBody()
    {
        // A longer story, open above the page's own, is what Readability's scoring prefers.
        var other = Enumerable.Range(1, 12).Select(i => $"Paragraph {i} of another story: the ferry company, which has run the crossing since 1962, will add a second boat in summer, and fares, set by the county, stay as they are.");
        var html = $"""
            <html><body>
            <article class="story"><h2>Second ferry for the summer</h2>{Paragraphs(other)}</article>
            <article class="story"><h1>Turbines stay in the harbour</h1>{Paragraphs(Article)}</article>
            </body></html>
            """;

        var page = new ArticleExtractor().Extract(html, PageUrl);

        Assert.All(Article, paragraph => Assert.Contains(paragraph, page.Text));
        Assert.DoesNotContain("another story", page.Text);
    }
}
