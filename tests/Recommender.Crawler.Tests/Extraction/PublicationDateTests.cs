using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

/// <summary>Which publication date the extractor picks, and in which offset.</summary>
public class PublicationDateTests
{
    static readonly ArticleExtractor Extractor = new();

    static ExtractedPage Extract(string head, string url = "https://news.example/story") =>
        Extractor.Extract($"<html><head>{head}</head><body><h1>Story</h1><p>Text of the story, long enough to be read as a paragraph.</p></body></html>", new Uri(url));

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
}
