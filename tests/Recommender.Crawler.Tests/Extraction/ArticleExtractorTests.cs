using System.Text;
using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

public class ArticleExtractorTests
{
    static readonly ArticleExtractor Extractor = new();

    static ExtractedPage ExtractFixture(string file, string url)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Extraction", "Pages", file));
        return Extractor.Extract(HtmlDecoding.Decode(bytes), new Uri(url));
    }

    [Fact]
    public void JsonLdNewsArticleGivesEveryField()
    {
        var page = ExtractFixture("jsonld-article.html", "https://ledger.example/energy/2024/harbour-tidal-power");

        Assert.Equal("Harbour towns test tidal power", page.Title);
        Assert.Equal(["Maren Holt", "Idris Pellow"], page.Authors);
        Assert.Equal("Energy", page.Section);
        Assert.Equal(["tidal power", "harbours", "renewables"], page.Tags);
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 8, 30, 0, TimeSpan.Zero), page.PubDate);
        Assert.Equal(TimeSpan.FromHours(1), page.PubDate!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 11, 0, 0, TimeSpan.Zero), page.Modified);
        Assert.Equal("https://ledger.example/img/tidal-turbine.jpg", page.ImageUrl);
        Assert.Equal("Three small harbours are trying underwater turbines.", page.Description);
        Assert.Equal("en", page.Language);
        Assert.Equal("https://ledger.example/energy/2024/harbour-tidal-power?utm_source=feed", page.CanonicalUrl);
        Assert.StartsWith("Three fishing harbours on the north coast", page.Text);
        Assert.EndsWith("repair their ageing breakwaters.", page.Text);
        Assert.DoesNotContain("Copyright", page.Text);
        Assert.DoesNotContain("Sport", page.Text);
    }

    [Fact]
    public void EveryFieldFoundNamesTheRuleThatChoseIt()
    {
        var page = ExtractFixture("jsonld-article.html", "https://ledger.example/energy/2024/harbour-tidal-power");

        Assert.Equal("JSON-LD headline", page.Rules["Title"]);
        Assert.Equal("JSON-LD author", page.Rules["Authors"]);
        Assert.StartsWith("JSON-LD datePublished", page.Rules["PubDate"]);
        Assert.Equal("link rel=canonical", page.Rules["CanonicalUrl"]);
        Assert.Equal("html lang", page.Rules["Language"]);
        Assert.Contains("SmartReader", page.Rules["Text"]);
        Assert.False(page.Rules.ContainsKey("Section") && page.Section is null);
    }

    [Fact]
    public void AnArticleShippedInsideAScriptTemplateIsRead()
    {
        const string story = "<p>The harbour board voted on Tuesday to keep the tidal turbines running through the winter, " +
            "after a trial that met most of the town's needs for electricity.</p><p>Fishermen, who had feared for their moorings, " +
            "said the turbines had changed nothing for them so far, and asked to be heard before any expansion.</p>";
        var page = Extractor.Extract($"""
            <html><body><div class="header">Harbour news</div>
            <div class="post" itemprop="blogPost"><h2>Turbines stay</h2>
            <div class="post-body" itemprop="articleBody"><script type="text/template">{story}</script></div></div>
            <script type="text/template"><p>{"{{"}title{"}}"} by {"{{"}author{"}}"}</p></script>
            </body></html>
            """, new Uri("https://harbour.example/2024/turbines"));

        Assert.Contains("The harbour board voted on Tuesday", page.Text);
        Assert.Contains("asked to be heard before any expansion.", page.Text);
        Assert.DoesNotContain("{{", page.Text);
    }

    [Fact]
    public void BylinesDatelinesCreditsCopyrightAndPitchesAreLeftOut()
    {
        var page = Extractor.Extract("""
            <html><body><article><h1>Turbines stay in the harbour</h1>
            <p>By Maren Holt and Idris Pellow</p>
            <p>23.10.2018, 15:59 Uhr</p>
            <p>The harbour board voted on Tuesday to keep the tidal turbines running through the winter, after a trial.</p>
            <p>Foto: Harbour Board / Maren Holt</p>
            <p>By the end of the trial, the turbines had met most of the town's needs for electricity on calm days.</p>
            <p>Fishermen, who had feared for their moorings, said the turbines had changed nothing for them so far.</p>
            <p>Subscribe to our newsletter for more harbour news</p>
            <p>Lesen Sie auch: Der Hafen von morgen</p>
            <p>© 2018 Harbour Ledger. All rights reserved.</p>
            </article></body></html>
            """, new Uri("https://harbour.example/2018/turbines"));

        Assert.Contains("The harbour board voted on Tuesday", page.Text);
        Assert.Contains("By the end of the trial, the turbines", page.Text);
        Assert.Contains("changed nothing for them so far.", page.Text);
        foreach (var furniture in new[] { "By Maren Holt", "15:59", "Foto:", "Subscribe", "Lesen Sie auch", "All rights reserved" })
        {
            Assert.DoesNotContain(furniture, page.Text);
        }
    }

    [Fact]
    public void ToArticleUsesTheNormalisedCanonicalUrl()
    {
        var page = ExtractFixture("jsonld-article.html", "https://ledger.example/energy/2024/harbour-tidal-power?ref=home");

        var article = page.ToArticle("ledger", new Uri("https://ledger.example/energy/2024/harbour-tidal-power?ref=home"));

        Assert.Equal("https://ledger.example/energy/2024/harbour-tidal-power", article.Url);
        Assert.Equal("ledger", article.Site);
        Assert.Equal(page.Title, article.Title);
        Assert.Equal(page.Text, article.Text);
    }

    [Fact]
    public void ToArticleFallsBackOnTheFetchedUrl()
    {
        var article = new ExtractedPage { Title = "x" }.ToArticle("s", new Uri("HTTPS://Example.com:443/a#top"));

        Assert.Equal("https://example.com/a", article.Url);
    }

    [Fact]
    public void JsonLdGraphResolvesAuthorReferencesAndTypeArrays()
    {
        var page = ExtractFixture("jsonld-graph.html", "https://crumbnotes.example/sourdough-altitude/");

        Assert.Equal("Sourdough at altitude", page.Title);
        Assert.Equal(["Ada Winslow"], page.Authors);
        // The article's date, not the web page's.
        Assert.Equal(new DateTimeOffset(2023, 7, 3, 0, 45, 0, TimeSpan.Zero), page.PubDate);
        Assert.Equal("https://crumbnotes.example/img/loaf-1.jpg", page.ImageUrl);
        Assert.Equal("Baking", page.Section);
        Assert.Equal(["sourdough", "altitude", "baking"], page.Tags);
        Assert.Contains("Water boils at a lower temperature", page.Text);
        Assert.Contains("the crumb came out open instead of gummy.", page.Text);
    }

    [Fact]
    public void OpenGraphAndArticleMetaAloneAreEnough()
    {
        var page = ExtractFixture("opengraph-only.html", "https://railweekly.example/news/night-trains-return?from=rss");

        Assert.Equal("Night trains return to the Alps", page.Title);
        Assert.Equal(["Tomas Reyes"], page.Authors);
        Assert.Equal("Travel", page.Section);
        Assert.Equal(["rail", "night trains"], page.Tags);
        Assert.Equal(new DateTimeOffset(2022, 11, 6, 3, 15, 0, TimeSpan.Zero), page.PubDate);
        Assert.Equal(new DateTimeOffset(2022, 11, 6, 13, 0, 0, TimeSpan.Zero), page.Modified);
        Assert.Equal("https://railweekly.example/media/sleeper.jpg", page.ImageUrl);
        Assert.Equal("https://railweekly.example/news/night-trains-return", page.CanonicalUrl);
        Assert.Equal("en", page.Language);
        Assert.Contains("sleeper trains are running again", page.Text);
    }

    [Fact]
    public void ParselyPageAloneIsEnough()
    {
        var page = ExtractFixture("parsely-only.html", "https://metrodaily.example/city/bike-lanes-vote");

        Assert.Equal("Council backs new bike lanes", page.Title);
        Assert.Equal(["Lena Ortiz"], page.Authors);
        Assert.Equal("City", page.Section);
        Assert.Equal(["cycling", "council"], page.Tags);
        Assert.Equal(new DateTimeOffset(2021, 6, 9, 17, 5, 0, TimeSpan.Zero), page.PubDate);
        Assert.Equal("https://metrodaily.example/img/bikes.jpg", page.ImageUrl);
        Assert.Equal("https://metrodaily.example/city/bike-lanes-vote", page.CanonicalUrl);
        Assert.Contains("voted seven to two", page.Text);
    }

    [Fact]
    public void PageWithoutMetadataGetsTitleDateAndText()
    {
        var page = ExtractFixture("no-metadata.html", "https://garden.example/diary?id=7");

        Assert.Equal("Notes from the allotment", page.Title);
        Assert.Empty(page.Authors);
        Assert.Null(page.CanonicalUrl);
        Assert.Null(page.Language);
        Assert.Equal(new DateOnly(2021, 3, 3), DateOnly.FromDateTime(page.PubDate!.Value.UtcDateTime));
        Assert.StartsWith("The broad beans survived the frost", page.Text);
        Assert.EndsWith("unbothered by my apologies.", page.Text);
        Assert.DoesNotContain("My Garden Diary", page.Text);
    }

    [Fact]
    public void BoilerplateIsLeftOutOfTheText()
    {
        var page = ExtractFixture("boilerplate.html", "https://beacon.example/lighthouses");

        Assert.Equal(
            """
            Satellite navigation has not made lighthouses useless: when electronics fail in a storm, a skipper still looks for the flash pattern that no other tower on the coast repeats.

            Each light has its own rhythm, written in the charts, so a glance and a count of seconds is enough to know which headland lies ahead.

            Keepers are gone from nearly all of them, but volunteers now paint the towers, and some stations rent the old cottages to visitors.
            """.ReplaceLineEndings("\n"),
            page.Text);
    }

    [Fact]
    public void MalformedHtmlStillGivesItsParagraphs()
    {
        var page = ExtractFixture("malformed.html", "https://ferry.example/news");

        Assert.Equal("Broken markup, fine story", page.Title);
        Assert.Contains("The ferry timetable changed on Monday", page.Text);
        Assert.Contains("the new times were final and binding until the autumn.", page.Text);
        Assert.Contains("Passengers have started a petition", page.Text);
    }

    [Fact]
    public void GermanPageHasLanguageAndGermanDate()
    {
        var page = ExtractFixture("german.html", "https://lokalanzeiger.example/kultur/bibliothek");

        Assert.Equal("de", page.Language);
        Assert.Equal("Stadtbibliothek verlängert Öffnungszeiten", page.Title);
        Assert.Equal(["Jana Becker"], page.Authors);
        Assert.Equal(["Bibliothek", "Öffnungszeiten", "Kultur"], page.Tags);
        Assert.Equal(new DateOnly(2021, 3, 5), DateOnly.FromDateTime(page.PubDate!.Value.UtcDateTime));
        Assert.StartsWith("Die Stadtbibliothek öffnet ab dem ersten April", page.Text);
        Assert.Contains("ehrenamtliche Helfer aus dem Förderverein.", page.Text);
    }

    public static TheoryData<string> Garbage => new()
    {
        "",
        "   ",
        "<<<>>><!--",
        "<html><body><p>" + new string('x', 200_000),
        string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 100_000)),
        string.Concat(Enumerable.Repeat("<b><i>", 20_000)) + "misnested",
        """<script type="application/ld+json">{"@graph": [[[[{"@type": ["NewsArticle"], "author": {"@id": 5}, "datePublished": 12</script><meta name="parsely-page" content="{not json">""",
        Encoding.Latin1.GetString(Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7919 % 251)).ToArray()),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void GarbageNeverThrows(string html)
    {
        var page = Extractor.Extract(html, new Uri("https://example.com/x"));

        Assert.NotNull(page.Text);
        Assert.NotNull(page.Title);
    }

    [Fact]
    public void DeeplyNestedTextIsStillFound()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 50)) + "<p>A paragraph that sits fifty levels deep but is still the whole article body.</p>";

        var page = Extractor.Extract(html, new Uri("https://example.com/x"));

        Assert.Equal("A paragraph that sits fifty levels deep but is still the whole article body.", page.Text);
    }
}
