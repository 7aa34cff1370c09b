using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

/// <summary>Which publication date the extractor picks, and in which offset.</summary>
public class PublicationDateTests
{
    static readonly ArticleExtractor Extractor = new();

    static ExtractedPage Extract(string head, string url = "https://news.example/story") =>
        Extractor.Extract($"<html><head>{head}</head><body><h1>Story</h1><p>Text of the story, long enough to be read as a paragraph.</p></body></html>", new Uri(url));

    /// <summary>A page whose headline is followed by <paramref name="byline"/> (or preceded by <paramref name="beforeHeadline"/>).</summary>
    static ExtractedPage ExtractWithHeader(string head, string byline, string beforeHeadline = "") =>
        Extractor.Extract($"""
            <html><head>{head}</head><body><header>{beforeHeadline}<h1>Wild goats ruled an island for a century</h1>{byline}</header>
            <p>Text of the story, long enough to be read as a paragraph.</p></body></html>
            """, new Uri("https://news.example/story"));

    [Fact]
    public void KeepsThePagesOffsetAndConvertsToUtcOnlyForTheArticle()
    {
        var page = Extract("""<meta property="article:published_time" content="2021-03-05T00:30:00+02:00">""");

        Assert.Equal(new DateOnly(2021, 3, 5), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
        Assert.Equal(TimeSpan.FromHours(2), page.PubDate.Value.Offset);
        var article = page.ToArticle("news", new Uri("https://news.example/story"));
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 22, 30, 0, TimeSpan.Zero), article.PubDate);
        Assert.Equal(TimeSpan.Zero, article.PubDate!.Value.Offset);
    }

    [Fact]
    public void UtcStampTakesTheLocalDayFromAZonedStampOfTheSameInstant()
    {
        var page = Extract("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Story","datePublished":"2019-10-18T22:04:00Z"}</script>
            <meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">
            """);

        Assert.Equal(new DateTimeOffset(2019, 10, 19, 0, 4, 0, TimeSpan.FromHours(2)), page.PubDate);
        Assert.Equal(TimeSpan.FromHours(2), page.PubDate!.Value.Offset);
    }

    [Fact]
    public void ZonedStampOfAnotherInstantDoesNotMoveTheDay()
    {
        var page = Extract("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Story","datePublished":"2023-11-08T22:43:30Z"}</script>
            <meta name="date" content="2023-11-09T04:09:00-06:00">
            """);

        Assert.Equal(new DateTimeOffset(2023, 11, 8, 22, 43, 30, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void UtcStampTakesTheLocalDayFromTheUrlOneDayOff()
    {
        var page = Extract("""<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">""",
            "https://news.example/2020/02/24/story/");

        Assert.Equal(new DateOnly(2020, 2, 24), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void UtcStampOnTheUrlsDayStaysAsStated()
    {
        var page = Extract("""<meta property="article:published_time" content="2020-02-24T12:25:54+00:00">""",
            "https://news.example/2020/02/24/story/");

        Assert.Equal(new DateTimeOffset(2020, 2, 24, 12, 25, 54, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void ReadsRdfaSchemaDates()
    {
        var page = Extractor.Extract("""
            <html><body><h1>Story</h1><span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00"></span>
            <p>Text of the story, long enough to be read as a paragraph.</p></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateTimeOffset(2022, 1, 28, 12, 45, 46, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void ReadsDayFirstDatesWithDashesInTimeElements()
    {
        var page = Extractor.Extract("""
            <html><body><h1>Story</h1><time datetime="01-11-2023 10:29">1. November 2023 10:29</time>
            <p>Text of the story, long enough to be read as a paragraph.</p></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2023, 11, 1), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void SkipsTheTimesOfComments()
    {
        var page = Extractor.Extract("""
            <html><body><h1>Story</h1><p>Text of the story, long enough to be read as a paragraph.</p>
            <ol class="comment-list"><li><time datetime="2019-08-24T03:36:11+02:00">24. August 2019</time> Nice!</li></ol>
            <footer><time datetime="2019-08-16T10:00:00+02:00">16.08.2019</time></footer></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateTimeOffset(2019, 8, 16, 10, 0, 0, TimeSpan.FromHours(2)), page.PubDate);
    }

    [Fact]
    public void LabelledPublicationOutranksTheFirstTimeElement()
    {
        var page = Extractor.Extract("""
            <html><body><header><time datetime="2020-10-12">Today: 12 October 2020</time></header><h1>Story</h1>
            <p>Veröffentlicht am 07.05.2020</p><p>Text of the story, long enough to be read as a paragraph.</p></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2020, 5, 7), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void GenericDateMetaRanksBelowTheDateThePageShows()
    {
        var page = Extractor.Extract("""
            <html><head><meta name="date" content="2022-01-21T15:38:44+01:00"></head><body><h1>Story</h1>
            <span class="news-date"><time itemprop="datePublished" datetime="2022-01-27">27.01.2022</time></span>
            <p>Text of the story, long enough to be read as a paragraph.</p></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2022, 1, 27), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void GenericDateMetaStillDatesAPageThatShowsNone()
    {
        var page = Extract("""<meta name="dcterms.date" content="2021-12-20T11:02:44+01:00">""");

        Assert.Equal(new DateTimeOffset(2021, 12, 20, 11, 2, 44, TimeSpan.FromHours(1)), page.PubDate);
    }

    [Fact]
    public void TheDateUnderTheHeadlinePicksAmongDisagreeingStamps()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-12-06T14:36:00Z","dateModified":"2022-12-15T08:13:00Z"}</script>
            <meta property="article:published_time" content="2022-12-15T09:13:00+01:00">
            """, "<p class=\"info\">Tina Klostermeier 15.12.2022</p>");

        Assert.Equal(new DateTimeOffset(2022, 12, 15, 9, 13, 0, TimeSpan.FromHours(1)), page.PubDate);
    }

    [Fact]
    public void TheDateUnderTheHeadlineCanPickAModificationStampThePagePresentsAsItsDate()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-03T09:48:24Z","dateModified":"2020-01-06T09:22:36Z"}</script>
            """, "<span class=\"date\">Monday, 6 January 2020</span>");

        Assert.Equal(new DateTimeOffset(2020, 1, 6, 9, 22, 36, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void ADateUnderTheHeadlineWithoutAStampOfItsDayChangesNothing()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-05T10:00:00+01:00"}</script>
            """, "<p>A look back at 12 January 2020</p>");

        Assert.Equal(new DateTimeOffset(2021, 3, 5, 10, 0, 0, TimeSpan.FromHours(1)), page.PubDate);
    }

    [Fact]
    public void ADateUnderTheHeadlineLabelledAsAnUpdateKeepsThePublication()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-10-15T16:59:59Z","dateModified":"2020-03-12T14:42:17Z"}</script>
            """, "<div class=\"timestamp\">Updated Mar 12, 2020 @ 10:42 am</div>");

        Assert.Equal(new DateTimeOffset(2019, 10, 15, 16, 59, 59, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void AHiddenDateUnderTheHeadlineIsNotWhatTheReaderSees()
    {
        var page = ExtractWithHeader("""
            <meta property="article:published_time" content="2022-12-25T11:00:02+00:00">
            <meta property="article:modified_time" content="2022-12-07T09:10:52+00:00">
            """, "<span class=\"updated rich-snippet-hidden\">2022-12-07T10:10:52+01:00</span><span>25. Dezember 2022</span>");

        Assert.Equal(new DateTimeOffset(2022, 12, 25, 11, 0, 2, TimeSpan.Zero), page.PubDate);
    }

    [Fact]
    public void ADateRightAboveTheHeadlineCountsWhenNoneFollowsIt()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-05-04T10:00:00-05:00","dateModified":"2022-05-06T08:00:00-05:00"}</script>
            """, "<p>No date here.</p>", beforeHeadline: "<div class=\"Datetime\">6 May 2022 - 8:00 a. m.</div>");

        Assert.Equal(new DateTimeOffset(2022, 5, 6, 8, 0, 0, TimeSpan.FromHours(-5)), page.PubDate);
    }

    [Fact]
    public void UtcStampTakesTheLocalDayShownUnderTheHeadlineOneDayOff()
    {
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"Wed, 04 May 2022 02:41:00 GMT"}</script>
            """, "<p>Santa Cruz, 03/05/2022</p>");

        Assert.Equal(new DateOnly(2022, 5, 3), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Theory]
    [InlineData("2022-11-06T23:00:00.000Z", "2022-11-07T00:00:00+01:00")]
    [InlineData("2022-06-30T22:00:00Z", "2022-07-01T00:00:00+02:00")]
    [InlineData("2022-11-06T23:00:15Z", "2022-11-06T23:00:15Z")]
    [InlineData("2022-11-06T21:00:00Z", "2022-11-06T21:00:00Z")]
    public void UtcStampAtMidnightEastOfGreenwichIsTheNextDay(string stamp, string expected)
    {
        var page = Extract($"""<meta property="article:published_time" content="{stamp}">""");

        Assert.Equal(DateTimeOffset.Parse(expected), page.PubDate);
        Assert.Equal(DateTimeOffset.Parse(expected).Offset, page.PubDate!.Value.Offset);
    }

    [Fact]
    public void AStampWithoutDayGivesWayToAFullDate()
    {
        var page = Extract("""
            <meta name="citation_publication_date" content="2017/01">
            <meta name="citation_date" content="2017-01-30">
            """);

        Assert.Equal(new DateOnly(2017, 1, 30), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void FindsALabelledPublicationBelowMuchIndentedMarkup()
    {
        var indented = string.Concat(Enumerable.Repeat("<div>\n" + new string(' ', 60) + "</div>", 1_000));
        var page = Extractor.Extract($"""
            <html><head><meta name="date" content="2021-10-15"></head><body><h1>Story</h1>{indented}
            <p>Text of the story, long enough to be read as a paragraph.</p><p>Erschienen am: 13.10.2021</p></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2021, 10, 13), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }
    [Fact]
    public void ReadsTheDatesOfAJsonLdBlockWithASyntaxError()
    {
        // An unescaped quote in the description breaks the block for a strict parser.
        var page = Extract("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Story","description":"The "best" goats",
            "datePublished":"2021-06-01T08:00:00+02:00","dateModified":"2021-06-02T09:00:00+02:00"}</script>
            """);

        Assert.Equal(new DateTimeOffset(2021, 6, 1, 8, 0, 0, TimeSpan.FromHours(2)), page.PubDate);
        Assert.Equal(new DateTimeOffset(2021, 6, 2, 9, 0, 0, TimeSpan.FromHours(2)), page.Modified);
        Assert.Equal("JSON-LD datePublished", page.Rules["PubDate"]);
    }

    [Fact]
    public void SkipsTheTimesOfEmbeddedPostsAndListsOfOtherArticles()
    {
        var page = Extractor.Extract("""
            <html><body><h1>Wild goats ruled an island for a century</h1>
            <blockquote class="twitter-tweet"><p>Goats!</p><time datetime="2019-01-01T10:00:00Z">1 Jan 2019</time></blockquote>
            <aside><ul><li><a href="/other">Other story</a> <time datetime="2020-02-02T10:00:00Z">2 Feb</time></li></ul></aside>
            <div class="related-stories"><time datetime="2020-03-03T10:00:00Z">3 Mar</time></div>
            <p>Text of the story, long enough to be read as a paragraph.</p>
            <p class="meta"><time datetime="2021-04-04T10:00:00+01:00">4 April</time></p>
            </body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateTimeOffset(2021, 4, 4, 10, 0, 0, TimeSpan.FromHours(1)), page.PubDate);
    }

    [Theory]
    [InlineData("""<span class="ago" data-published="2021-07-12T09:30:00+02:00">15 minutes ago</span>""", "2021-07-12")]
    [InlineData("""<span class="timestamp" data-timestamp="1626075000">3 hours ago</span>""", "2021-07-12")]
    [InlineData("""<span class="date" title="12 July 2021">yesterday</span>""", "2021-07-12")]
    public void ReadsTheAbsoluteDateInAnAttributeBesideARelativeOne(string byline, string expected)
    {
        var page = ExtractWithHeader("", byline);

        Assert.Equal(DateOnly.Parse(expected), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void IgnoresStampsOfScriptsAndOfOtherTimesInAttributes()
    {
        var page = ExtractWithHeader("", """
            <span id="menuVersion" data-time="1670442663">&nbsp;</span>
            <div class="promo" data-offer-end-date="2021-02-28T23:59:00+01:00">Offer</div>
            <span class="date" data-published="2020-04-04T10:00:00+02:00">two days ago</span>
            """);

        Assert.Equal(new DateOnly(2020, 4, 4), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void ReadsADateInTheLeadImagesPathWhenThePageStatesNone()
    {
        var page = Extract("""<meta property="og:image" content="https://news.example/uploads/2020/07/12/goats.jpg">""");

        Assert.Equal(new DateOnly(2020, 7, 12), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
        Assert.Equal("date in the lead image's path", page.Rules["PubDate"]);
    }

    [Fact]
    public void ReadsThePublicationKeyOfAScriptsDataWhenThePageStatesNoOtherDate()
    {
        var page = Extract("""<script>var meta = {"product":{"id":42,"published_at":"2019-03-02T06:22:28+01:00","created_at":"2019-03-01T06:27:24+01:00"}};</script>""");

        Assert.Equal(new DateOnly(2019, 3, 2), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
        Assert.Equal("publication key in a script's data", page.Rules["PubDate"]);
    }

    [Fact]
    public void IgnoresTheScriptDataOfAListOfItemsWithDatesOfTheirOwn()
    {
        var page = Extract("""<script>var items = [{"published_at":"2019-03-02T06:22:28Z"},{"published_at":"2018-11-20T10:00:00Z"}];</script>""");

        Assert.Null(page.PubDate);
    }

    [Fact]
    public void ReadsCjkDatesUnderTheHeadline()
    {
        var page = ExtractWithHeader("", "<p class=\"info\">記者 山田 2020年07月12日 10:30</p>");

        Assert.Equal(new DateOnly(2020, 7, 12), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void WithoutAStampTheDateUnderTheHeadlineOutranksAnEarlierDateBesideIt()
    {
        // The kicker's date comes first in the headline's container; the byline under the headline dates the article.
        var page = ExtractWithHeader("", "<p>Submitted by ada on 24 July 2017 - 18:55</p>",
            beforeHeadline: "<p class=\"kicker\">Roadshow 23.-26.8.2017</p>");

        Assert.Equal(new DateOnly(2017, 7, 24), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void WithoutAStampTheDateUnderTheHeadlineOutranksTheTimesOfASidebarsComments()
    {
        var page = Extractor.Extract("""
            <html><body><aside><p>Latest comments</p><time>23.09.20 | 18:19</time><time>26.09.20 | 10:40</time></aside>
            <div class="tip"><h1>Cutting tomatoes the right way</h1><span>by Marianne1</span> <span>am 20.09.2020</span>
            <p>Text of the tip, long enough to be read as a paragraph.</p></div></body></html>
            """, new Uri("https://recipes.example/tip/1918"));

        Assert.Equal(new DateOnly(2020, 9, 20), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void ADateAloneRightAboveTheHeadlineIsTheHeadersDate()
    {
        // The first paragraph's "10.2.2023" is an event; the topline above the headline dates the article.
        var page = ExtractWithHeader("""
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-12-06T10:00:00+01:00","dateModified":"2023-02-10T09:00:00+01:00"}</script>
            """, "<p>Residents can subscribe from 9.1. to 10.2.2023.</p>", beforeHeadline: "<div class=\"topline\"><span>06.12.2022</span></div>");

        Assert.Equal(new DateTimeOffset(2022, 12, 6, 10, 0, 0, TimeSpan.FromHours(1)), page.PubDate);
    }

    [Fact]
    public void ADateInASublineInsideTheHeadlineIsTheHeadersDate()
    {
        var page = Extractor.Extract("""
            <html><body><div class="article"><h1>Spectators return to the arenas<br><small>02.02.2022 · Club news</small></h1>
            <p>The rules that came into force on 28.01.2022 allow more spectators in the halls of the region.</p></div></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2022, 2, 2), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void AFieldWhoseLabelIsHiddenStillShowsTheHeadersDateButAHiddenStampDoesNot()
    {
        // Drupal names every field whose label is hidden "field--label-hidden"; the field itself is shown. A class that hides
        // the element ("rich-snippet-hidden") still hides its stamp from the header.
        var page = ExtractWithHeader("""
            <meta property="article:published_time" content="Di., 25.01.2022 - 14:45">
            <meta property="article:modified_time" content="Mi., 26.01.2022 - 14:30">
            """, """
            <span class="updated rich-snippet-hidden">2022-01-24T10:10:52+01:00</span>
            <div class="field field--name-field-datum field--label-hidden field__item">Mittwoch, 26.01.2022 - 14:30</div>
            """);

        Assert.Equal(new DateOnly(2022, 1, 26), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void ADateInAnHtmlCommentAboveTheHeadlineIsNotShown()
    {
        // The footer's date is beyond the header's reach (400 characters after the headline).
        var page = Extractor.Extract($"""
            <html><body><div><!--<p class="submitted">18. November 2021 - 14:53</p>--><h1>Of language rules and plain German</h1></div>
            <p>{string.Concat(Enumerable.Repeat("Text of the story, long enough to be read as a paragraph. ", 10))}</p>
            <footer>Datum: 19.11.2021</footer></body></html>
            """, new Uri("https://news.example/story"));

        Assert.Equal(new DateOnly(2021, 11, 19), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void TheDateOfACommentIsNotThePagesDate()
    {
        // No stamp and no date under the headline: the comment's date element comes first among elements named for dates.
        var page = Extractor.Extract($"""
            <html><body><h1>Power price brake: the bioenergy sector protests</h1>
            <p>{string.Concat(Enumerable.Repeat("The government is on the wrong track, warns the renewable energy sector. ", 6))}</p>
            <div class="comments"><span class="comment-date">02.12.2022, 15:57:32</span><p>Well said.</p></div>
            <div class="meta">29.11.2022 · Energy</div></body></html>
            """, new Uri("https://energy.example/story"));

        Assert.Equal(new DateOnly(2022, 11, 29), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void AShortDateAloneInAnElementNamedForDatesIsRead()
    {
        // The teasers' date elements further down carry full dates; the article's own, first, is "Kultur, 2.11.22".
        var page = Extractor.Extract($"""
            <html><body><div class="date">Kultur, 2.11.22</div><div class="headline">Concert highlights in November</div>
            <p>{string.Concat(Enumerable.Repeat("Placebo, Disarstar and many more play in the city this month. ", 8))}</p>
            <ul><li><div class="date">Freizeit, 20.11.2022</div>Winter markets</li></ul></body></html>
            """, new Uri("https://magazine.example/story"));

        Assert.Equal(new DateOnly(2022, 11, 2), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }

    [Fact]
    public void ANumericStampThatReadsBothWaysIsReadAsThePageShowsIt()
    {
        static ExtractedPage Page(string text) => Extractor.Extract($"""
            <html><head><meta name="date" content="11/01/2023 12:43:42"></head><body><h1>Trinkwasser in Schwarzenmatt belastet</h1>
            <p>{string.Concat(Enumerable.Repeat("Das Trinkwasser ist belastet und muss abgekocht werden. ", 8))}</p>{text}</body></html>
            """, new Uri("https://news.example/story"));
        var shown = Page("<p>Erstellt am: 01.11.2023</p>");
        // Without the day in the text, the day-first reading stays: most pages that write dd/mm/yyyy are day-first.
        var unshown = Page("");

        Assert.Equal(new DateOnly(2023, 11, 1), DateOnly.FromDateTime(shown.PubDate!.Value.DateTime));
        Assert.Equal(new DateOnly(2023, 1, 11), DateOnly.FromDateTime(unshown.PubDate!.Value.DateTime));
    }

    [Fact]
    public void AForumsClockAndAMembersSignUpAreNotThePagesDate()
    {
        // A forum thread as forum software prints it: the site's clock in a "time" element, the poster's sign-up beside
        // the post, then the post's own date.
        static ExtractedPage Thread(string clock, string signUp) => Extractor.Extract($"""
            <html><body><div class="navbar"><p class="time">{clock}</p></div><h2>Was ist Freie Software</h2>
            <div class="post"><dl class="profile"><dd>Beiträge: 1626</dd><dd>{signUp}</dd></dl>
            <p class="author">von r23 » 21.01.2009, 05:42</p>
            <div class="content">{string.Concat(Enumerable.Repeat("Freie Software garantiert vier Freiheiten: Nutzung, Studium, Weitergabe und Änderung. ", 6))}</div></div>
            </body></html>
            """, new Uri("https://forum.example/viewtopic.php?t=167"));

        foreach (var (clock, signUp) in new[] { ("Aktuelle Zeit: 14.10.2020, 12:18", "Registriert: 18.09.2008, 05:56"), ("It is currently Wed Oct 14, 2020 12:18 pm", "Joined: Thu Sep 18, 2008 5:56 am") })
        {
            Assert.Equal(new DateOnly(2009, 1, 21), DateOnly.FromDateTime(Thread(clock, signUp).PubDate!.Value.DateTime));
        }
    }

    [Fact]
    public void WhereThePageShowsNoFullDateTheDescriptionsDateIsRead()
    {
        // The dateline gives the year in two digits ("14 Gennaio 20"), which is no full date in running text.
        static ExtractedPage Page(string text) => Extractor.Extract($"""
            <html><head><meta name="description" content="ORSO MARSICANO: 2019 UN ANNO DA RECORD (Notizia del 14 Gennaio 2020)"></head>
            <body><h1>ORSO MARSICANO: 2019 UN ANNO DA RECORD</h1><p><em>( Pescasseroli, 14 Gennaio 20 )</em></p>
            <p>{string.Concat(Enumerable.Repeat("Sono almeno nove le femmine di orso marsicano che hanno partorito nel corso dell'anno. ", 6))}</p>{text}</body></html>
            """, new Uri("http://park.example/dettaglio.php?id=58354"));

        Assert.Equal(new DateOnly(2020, 1, 14), DateOnly.FromDateTime(Page("").PubDate!.Value.DateTime));
        // A full date the page shows comes first.
        Assert.Equal(new DateOnly(2020, 1, 15), DateOnly.FromDateTime(Page("<p>Aggiornato: 15.01.2020</p>").PubDate!.Value.DateTime));
    }

    [Fact]
    public void WhereThePagesOnlyDatesAreItsCommentsTheFirstPostsDateIsRead()
    {
        // A forum thread whose posts are named comments: each post's time is a short date and a clock time in spans.
        static string Post(string day, string time, string text) =>
            $"""<div class="ForumComment"><span class="ForumCommentTime" title="Created"><span>{day}</span><span>{time}</span></span><div class="ForumCommentText">{text}</div></div>""";
        var page = Extractor.Extract($"""
            <html><body><h2>No App Store over mobile data with iOS 13?</h2>
            {Post("28.09.19", "12:44", string.Concat(Enumerable.Repeat("Since the update to iOS 13 the App Store only loads over Wi-Fi on my phone. ", 4)))}
            {Post("29.09.19", "09:10", "Check the mobile data settings of the App Store.")}
            </body></html>
            """, new Uri("https://forum.example/discussion/338679"));

        Assert.Equal(new DateOnly(2019, 9, 28), DateOnly.FromDateTime(page.PubDate!.Value.DateTime));
    }
}
