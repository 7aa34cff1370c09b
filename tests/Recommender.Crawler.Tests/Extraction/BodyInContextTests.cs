using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

/// <summary>Body rules that judge a block by the blocks around it (issue 15): lone links, headings of link lists, table rows.</summary>
public class BodyInContextTests
{
    static readonly ArticleExtractor Extractor = new();

    /// <summary>The text of an article page holding <paramref name="blocks"/> under its headline.</summary>
    static string ArticleText(string blocks) =>
        Extractor.Extract($"<html><body><article><h1>Turbines stay in the harbour</h1>{blocks}</article></body></html>", new Uri("https://harbour.example/2024/turbines")).Text;

    const string Prose1 = "<p>The harbour board voted on Tuesday to keep the tidal turbines running through the winter, after a trial that began in spring.</p>";
    const string Prose2 = "<p>By the end of the trial, the turbines had met most of the town's needs for electricity on calm days, the board said.</p>";
    const string Prose3 = "<p>Fishermen, who had feared for their moorings, said the turbines had changed nothing for them so far, and asked for a review.</p>";

    [Fact]
    public void ALoneLinkParagraphBetweenProseIsKeptButALabelledPointerIsNot()
    {
        var text = ArticleText($"""
            {Prose1}
            <p><a href="https://board.example/report.pdf">The board's full report on the turbine trial</a></p>
            {Prose2}
            <p>Read also: <a href="/2024/ferries">Ferries return to the old pier</a></p>
            {Prose3}
            """);

        Assert.Contains("tidal turbines running", text);
        Assert.Contains("The board's full report on the turbine trial", text);
        Assert.DoesNotContain("Ferries return to the old pier", text);
        Assert.Contains("asked for a review", text);
    }

    [Fact]
    public void AHeadingThatOnlyIntroducedLinksIsLeftOutWithThem()
    {
        var text = ArticleText($"""
            <h2>What the trial showed</h2>
            {Prose1}
            {Prose2}
            <h3>Also worth your time this week</h3>
            <p><a href="/2024/ferries">Ferries return to the old pier after two years of repairs</a></p>
            <p><a href="/2024/lighthouse">The lighthouse keeper who stayed for forty winters</a></p>
            <p><a href="/2024/market">Fish market moves indoors for the cold months ahead</a></p>
            <h2>What comes next</h2>
            {Prose3}
            """);

        Assert.Contains("What the trial showed", text);
        Assert.Contains("What comes next", text);
        Assert.Contains("asked for a review", text);
        Assert.DoesNotContain("Also worth your time", text);
        Assert.DoesNotContain("Ferries return", text);
    }

    [Theory]
    [InlineData("Related Coverage")]
    [InlineData("You may also like")]
    [InlineData("Auch interessant:")]
    [InlineData("Schon gelesen?")]
    [InlineData("Lea también: Ferries return to the old pier")]
    public void TheHeadingOfAListOfOtherArticlesIsLeftOut(string heading)
    {
        var text = ArticleText($"""
            {Prose1}
            <p>{heading}</p>
            {Prose2}
            {Prose3}
            """);

        Assert.Contains("tidal turbines running", text);
        Assert.Contains("asked for a review", text);
        Assert.DoesNotContain(heading, text);
    }

    [Fact]
    public void ADataTableKeepsEachRowAsOneLine()
    {
        var text = ArticleText($"""
            {Prose1}
            <table>
              <tr><th>Turbine</th><th>Output</th><th>Grade</th></tr>
              <tr><td>North pier</td><td>2.1 MW</td><td>A</td></tr>
              <tr><td>South pier</td><td>1.4 MW</td><td>B</td></tr>
            </table>
            {Prose2}
            {Prose3}
            """);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("Turbine Output Grade", lines);
        Assert.Contains("North pier 2.1 MW A", lines);
        Assert.Contains("South pier 1.4 MW B", lines);
    }

    [Fact]
    public void AShortClosingSentenceIsKeptButShortLinesAfterTheLastParagraphAreNot()
    {
        var signedOff = ArticleText($"{Prose1}{Prose2}<p>See you next week!</p>");
        var labelled = ArticleText($"{Prose1}{Prose2}<p>Harbour news</p><p>Photos: the board</p>");

        Assert.EndsWith("See you next week!", signedOff);
        Assert.EndsWith("the board said.", labelled);
    }

    [Theory]
    [InlineData("", "<p>Follow the Harbour Herald on Twitter and Instagram for the latest news.</p><p>Download our app for iOS and Android!</p>",
        "Subscribers to the harbour newsletter were the first to hear of the vote, and many of them came to the meeting to follow the debate.")]
    [InlineData("<p>Some links on this page are affiliate links: we may earn a small fee if you buy through them.</p>", "",
        "The harbour commission, which licenses the moorings, asked the board to measure the noise of the turbines before the vote.")]
    public void PitchesAndDisclosuresAtTheEdgesOfTheBodyAreLeftOutButTheSameWordsInsideItAreNot(string opening, string closing, string inside)
    {
        var text = ArticleText($"{opening}{Prose1}<p>{inside}</p>{Prose2}{closing}");

        Assert.StartsWith("The harbour board voted on Tuesday", text);
        Assert.Contains(inside, text);
        Assert.EndsWith("the board said.", text);
    }

    [Fact]
    public void LabelsOfAnUpdateOrOfThePostsAuthorAreLeftOut()
    {
        var text = ArticleText($"""
            <p>Verfasst von: Redaktion | 3. März 2024</p>
            {Prose1}
            <p>Last updated on 3 March 2024 by the newsroom</p>
            {Prose2}{Prose3}
            """);

        Assert.Contains("tidal turbines running", text);
        Assert.Contains("asked for a review", text);
        Assert.DoesNotContain("Verfasst von", text);
        Assert.DoesNotContain("Last updated", text);
    }

    [Fact]
    public void AWrapperNamedForItsDateStillHoldsThePostBody()
    {
        // Blogger's layout: each post sits in a "date-outer" block under its date, its text broken by br, not p.
        var sidebar = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<div class='widget'><p>Widget text number {i} about the harbour, its boats, its moorings and the people who keep them running.</p></div>"));
        var html = $"""
            <html><body>
            <div class='date-outer'><h2 class='date-header'><span>Friday, December 23, 2016</span></h2>
              <div class='post'><h3 class='post-title'>Turbines stay in the harbour</h3>
                <div class='post-body entry-content'>The harbour board voted on Tuesday to keep the tidal turbines running through the winter.<br><br>
                Fishermen, who had feared for their moorings, said the turbines had changed nothing for them so far.<br><br>
                The board will meet again in spring to decide on a second row of turbines.</div>
              </div>
            </div>
            <div class='sidebar-column'>{sidebar}</div>
            </body></html>
            """;

        var text = Extractor.Extract(html, new Uri("https://harbour.example/2016/12/turbines.html")).Text;

        Assert.Contains("keep the tidal turbines running", text);
        Assert.Contains("a second row of turbines", text);
    }

    [Theory]
    [InlineData("entry-author author-bio")]
    [InlineData("post-author-box")]
    [InlineData("about-the-author")]
    [InlineData("editorial-disclosure")]
    [InlineData("affiliate-disclaimer")]
    [InlineData("paywall-notice")]
    public void BlocksNamedAsAnAuthorsBoxADisclosureOrAPaywallAreLeftOutEvenInsideThePost(string names)
    {
        var text = ArticleText($"""
            <div class="entry-content">
            {Prose1}
            {Prose2}
            {Prose3}
            <div class="{names}"><p>Ada Harbour has written about energy and the sea for twenty years, and the gazette may be paid for some links.</p></div>
            </div>
            """);

        Assert.Contains("asked for a review", text);
        Assert.DoesNotContain("written about energy and the sea", text);
    }

    [Fact]
    public void StepsNamedForPrintingAreTheArticle()
    {
        // "print" names what the page prints, a tip's or recipe's steps ("kb-tip-print-step"), as often as a print button.
        var text = ArticleText("""
            <div class="tip-actions"><a href="/print/1918">Print tip</a></div>
            <div class="tip-print-step"><div>You know it: you slice a tomato for a salad and the seeds fall out onto the board.<br>It looks untidy and it wastes the best part of the fruit.</div></div>
            <div class="tip-print-step"><div>Cut the stalk out first with a small knife, in a cone, so that no hard part stays.<br>Then lay the tomato on its side before you slice it.</div></div>
            <div class="tip-print-step"><div>Now slice across the chambers: the seeds cling to the flesh and cannot fall out.<br>Without the stalk, the slices look better too.</div></div>
            """);

        Assert.All(["seeds fall out onto the board", "Cut the stalk out first", "the slices look better too"], step => Assert.Contains(step, text));
    }

    [Fact]
    public void ALinkOrSpanInsideASentenceStaysWhateverItsName()
    {
        var text = ArticleText($"""
            {Prose1}
            <p>Plans for your own turbine are at <a class="more" href="https://diy.example">www.diy.example</a>, and the board met on <span class="date">Tuesday</span> to approve them.</p>
            {Prose2}
            <div class="share"><a class="share-link" href="/share">Share this story</a></div>
            """);

        Assert.Contains("Plans for your own turbine are at www.diy.example, and the board met on Tuesday to approve them.", text);
        Assert.DoesNotContain("Share this story", text);
    }

    [Fact]
    public void ARecipesOrEventsMetaBlockIsTheArticle()
    {
        // "meta" names a recipe's times and servings or an event's address as often as a post's byline and date.
        var text = ArticleText($"""
            {Prose1}
            <div class="recipe-meta"><p>Preparation time about 20 minutes, baking time about 45 minutes, for 12 pieces.</p></div>
            {Prose2}
            """);

        Assert.Contains("Preparation time about 20 minutes", text);
    }

    [Fact]
    public void AListRunTogetherIsNotTheArticleWhereThePageHasParagraphsOfProse()
    {
        // An open letter and its signatories in a table, as a magazine printed them: Readability's pick is one column of
        // names, which comes out as one run of text.
        const string Sentence = "Our institutions are facing a moment of trial, and the free exchange of information and ideas, the lifeblood of a liberal society, is daily becoming more constricted. ";
        var letter = string.Concat(Enumerable.Repeat($"""<p><span style="font-size: 1.5em;">{string.Concat(Enumerable.Repeat(Sentence, 7))}</span></p>""", 3));
        static string Column(int column) => """<td style="padding: 10px;"><span style="font-size: 1.5em;">""" +
            string.Concat(Enumerable.Range(0, 75).Select(i => $"""<strong>Signer{column} Number{i}</strong>, <span style="font-size: .8em;">University {i}</span><br />""" + "\n")) +
            "</span></td>";
        var page = Extractor.Extract($"""
            <html><body><article class="post"><h1>A Letter on Justice and Open Debate</h1><div class="wysiwyg-content">
            <p><strong>July 7, 2020</strong><br /><em>The below letter will be appearing in the Letters section of the magazine's October issue. We welcome responses.</em></p>
            {letter}
            <table style="width: 100%;"><tbody><tr style="border-spacing: 10; vspace: 5;" valign="top">{Column(1)}{Column(2)}</tr>
            <tr><td style="padding: 10px;"></td></tr></tbody></table></div></article></body></html>
            """, new Uri("https://magazine.example/a-letter"));

        Assert.Contains("the lifeblood of a liberal society", page.Text);
        Assert.Contains("paragraphs", page.Rules[nameof(ExtractedPage.Text)]);
    }

    [Fact]
    public void ABlockWhoseModifierNamesAdsIsTheArticleButAnAdIsNot()
    {
        // BEM names: "Report__Section--Ads" is a section of the report that may carry ads; "ad-slot" is the ad.
        var text = ArticleText($"""
            <section class="Report__Section Report__Section--Lead Report__Section--Ads">{Prose1}{Prose2}</section>
            <div class="ad-slot"><p>Advertisement: the best turbines for your garden, now at half price in our partner's shop.</p></div>
            <section class="Report__Section Report__Section--Ads">{Prose3}</section>
            """);

        Assert.Contains("tidal turbines running", text);
        Assert.Contains("asked for a review", text);
        Assert.DoesNotContain("half price", text);
    }

    [Fact]
    public void ABlockNamedAsideIsLeftOutAsAnAsideElementIs()
    {
        var page = Extractor.Extract($"""
            <html><body><h1>Turbines stay in the harbour</h1><div class="row"><div class="span8">{Prose1}{Prose2}</div>
            <div class="aside secondary span4"><p>Receive the association's letter and its calls to action, at most two or three emails a month, and the news of your local group.</p></div>
            <div class="span8">{Prose3}</div></div></body></html>
            """, new Uri("https://harbour.example/2024/turbines"));

        Assert.Contains("tidal turbines running", page.Text);
        Assert.DoesNotContain("two or three emails a month", page.Text);
    }

    [Fact]
    public void ALoadingIndicatorIsNotPartOfTheArticle()
    {
        // An infinite scroll's spinner carries its words in the page ("Lade weitere Inhalte ...", jolie.de).
        var text = ArticleText($"""
            {Prose1}{Prose2}{Prose3}
            <div id="loading" class="loadingAnimation fadeOut"><div class="bounce1"></div><span>Loading more stories about the harbour ...</span></div>
            """);

        Assert.EndsWith("asked for a review.", text);
        Assert.DoesNotContain("Loading more stories", text);
    }

    [Fact]
    public void AHeadingsIdIsItsAnchorNotItsRole()
    {
        // A table of contents links to each subheading by an id made of "nav" and its words.
        var text = ArticleText($"""
            {Prose1}{Prose2}
            <h3 class="subheading" id="nav_what_the_fishermen_said">What the fishermen said</h3>
            {Prose3}
            """);

        Assert.Contains("What the fishermen said", text);
        Assert.Contains("asked for a review", text);
    }

    [Fact]
    public void AnAuthorsGreetingThatClosesThePostIsItsLastLine()
    {
        foreach (var greeting in new[] { "Euer HansEhrlich", "XX, Die Redaktion", "Liebe Grüße, Anna", "=)" })
        {
            var text = ArticleText($"{Prose1}{Prose2}{Prose3}<p>{greeting}</p><p>Share on Facebook</p>");

            Assert.EndsWith(greeting, text);
        }
    }

    [Fact]
    public void APressReleasesContactBoxIsNotTheArticleButASectionOfProseUnderTheSameWordIs()
    {
        var release = ArticleText($"""
            {Prose1}{Prose2}{Prose3}
            <p>Kontakt:</p><p>Dr. Anna Muster</p><p>Press office of the harbour board, Pier 3, 20457 Hamburg.</p><p>presse@harbour.example</p>
            """);
        // Under a heading of that name, paragraphs of prose are the article's.
        var section = ArticleText($"""
            {Prose1}
            <h2>Contact</h2>
            <p>Contact between the fishermen and the engineers was rare at first, and the board set up a weekly meeting on the pier, where both sides could raise what the turbines changed for them.</p>
            {Prose3}
            """);

        Assert.EndsWith("asked for a review.", release);
        Assert.DoesNotContain("Anna Muster", release);
        Assert.Contains("weekly meeting on the pier", section);
        Assert.EndsWith("asked for a review.", section);
    }

    [Fact]
    public void ARubysReadingAidsAreNotPartOfTheText()
    {
        var text = ArticleText($"""
            <p>The <ruby>harbour<rp>(</rp><rt>HAR-ber</rt><rp>)</rp></ruby> board voted to keep the <ruby>子<rt>こ</rt></ruby>ども's tidal turbines running through the winter.</p>
            {Prose2}{Prose3}
            """);

        Assert.Contains("The harbour board voted to keep the 子ども's tidal turbines", text);
        Assert.DoesNotContain("HAR-ber", text);
    }
}
