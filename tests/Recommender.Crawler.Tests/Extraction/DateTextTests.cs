using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

public class DateTextTests
{
    [Theory]
    [InlineData("2021-03-05T10:20:30Z", "2021-03-05T10:20:30Z")]
    [InlineData("2021-03-05T10:20:30+02:00", "2021-03-05T10:20:30+02:00")]
    [InlineData("2021-03-05T10:20:30.123-0500", "2021-03-05T10:20:30.123-05:00")]
    [InlineData("2021-03-05T10:20:30", "2021-03-05T10:20:30Z")]
    [InlineData("2021-03-05", "2021-03-05T00:00:00Z")]
    [InlineData("2021-03-05 10:20:30", "2021-03-05T10:20:30Z")]
    [InlineData("Fri, 05 Mar 2021 10:20:30 GMT", "2021-03-05T10:20:30Z")]
    [InlineData("Fri, 05 Mar 2021 10:20:30 +0100", "2021-03-05T10:20:30+01:00")]
    [InlineData("Thu, 04 Mar 2021 23:30:00 EST", "2021-03-04T23:30:00-05:00")]
    [InlineData("March 5, 2021", "2021-03-05T00:00:00Z")]
    [InlineData("5 March 2021", "2021-03-05T00:00:00Z")]
    [InlineData("Sept. 14, 2020", "2020-09-14T00:00:00Z")]
    [InlineData("5. März 2021", "2021-03-05T00:00:00Z")]
    [InlineData("05.03.2021", "2021-03-05T00:00:00Z")]
    [InlineData("05-03-2021 10:29", "2021-03-05T00:00:00Z")]
    [InlineData("05.03.21", "2021-03-05T00:00:00Z")]
    [InlineData("15 августа 2016, 13:43", "2016-08-15T00:00:00Z")]
    [InlineData("12 de mayo de 2022", "2022-05-12T00:00:00Z")]
    [InlineData("1614939630", "2021-03-05T10:20:30Z")]
    [InlineData("2020年07月12日", "2020-07-12T00:00:00Z")]
    [InlineData("2020年7月2日 10:30", "2020-07-02T00:00:00Z")]
    [InlineData("2023년 11월 2일", "2023-11-02T00:00:00Z")]
    [InlineData("2023.11.02.", "2023-11-02T00:00:00Z")]
    [InlineData("입력 2023.11.02. 오후 3:15", "2023-11-02T00:00:00Z")]
    [InlineData("2019/4/7", "2019-04-07T00:00:00Z")]
    public void ParsesTheUsualFormatsKeepingTheStatedOffset(string text, string expected)
    {
        var parsed = DateText.Parse(text);

        Assert.Equal(DateTimeOffset.Parse(expected), parsed);
        Assert.Equal(DateTimeOffset.Parse(expected).Offset, parsed!.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("1850-01-01")]
    [InlineData("31.02.2021")]
    [InlineData("marketing 5 2021")]
    [InlineData("version 1.2.21")]
    [InlineData("05.03-2021")]
    [InlineData("2017/01")]
    [InlineData("2017-01")]
    public void RejectsWhatIsNoPlausibleDate(string text) => Assert.Null(DateText.Parse(text));

    [Theory]
    [InlineData("https://news.example/2012/05/31/club-kultur/", "2012-05-31")]
    [InlineData("https://news.example/blog/2020-10-18-cdpath-replacement/", "2020-10-18")]
    [InlineData("/media-news/meldungen/29-10-2021", "2021-10-29")]
    [InlineData("/presse/01.02.2022.html", "2022-02-01")]
    public void FindsDatesInUrls(string url, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z"), DateText.FromUrl(url));

    [Theory]
    [InlineData("/angebote/29-10-2021-herbstmarkt")]
    [InlineData("/produkt/version-1-10-2021")]
    [InlineData("/meldungen/10-29-2021")]
    public void FindsNoDayFirstDateThatIsNotAPathSegmentOfItsOwn(string url) => Assert.Null(DateText.FromUrl(url));

    [Theory]
    [InlineData("Dauer: 1 Std. Veröffentlicht am 16.08.2019, Länge 90 MB", "2019-08-16")]
    [InlineData("Letzte Änderung: 31.10.2023 - 14:49 Erschienen am: 01.11.2023", "2023-11-01")]
    [InlineData("Posted on Wednesday, March 3, 2021 by Ann", "2021-03-03")]
    public void FindsTheDateLabelledAsThePublication(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z"), DateText.FindLabelledPublication(text));

    [Theory]
    [InlineData("On 5 March 2021 we met.")]
    [InlineData("Published in the Times. Back in 2019 on 5 March 2021")]
    public void FindsNoLabelledPublicationWithoutADateRightAfterTheLabel(string text) => Assert.Null(DateText.FindLabelledPublication(text));

    [Theory]
    [InlineData("Updated June 13, 2019. Written 4 May 2018 in Oslo.", "2018-05-04")]
    [InlineData("Diese Seite wurde zuletzt am 29. Januar 2020 geändert.", "2020-01-29")]
    public void PrefersUnlabelledDatesOverChangeDates(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z"), DateText.FindVisible(text));

    [Theory]
    [InlineData("Updated 2010 GMT (0410 HKT) March 14, 2021")]
    [InlineData("Updated 10:42 am, March 14, 2021")]
    [InlineData("Aktualisiert: 11.04.2020, 10:27")]
    public void FindsNoUnchangedDateWhereTheOnlyOneIsAnUpdate(string text) => Assert.Null(DateText.FindUnchanged(text));

    [Fact]
    public void FindsTheUnchangedDateAfterAnUpdateWithATime() =>
        Assert.Equal(DateTimeOffset.Parse("2021-03-08T00:00:00Z"), DateText.FindUnchanged("Updated 2010 GMT (0410 HKT) March 14, 2021. First published March 8, 2021"));

    [Fact]
    public void TheLastDayOfARangeIsNoDate()
    {
        Assert.Null(DateText.FindVisible("Members travel there on 23.-26.8.2017."));
        Assert.Null(DateText.FindVisible("The fair runs 12.–14. Mai 2019 in the old hall."));
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), DateText.FindVisible("From 3 - 5.06.2021: the camp. 1.6.2021"));
    }

    [Theory]
    [InlineData("06.12.2022", "2022-12-06")]
    [InlineData(" Mi., 6. Dezember 2022 ", "2022-12-06")]
    [InlineData("Published March 5, 2021", "2021-03-05")]
    [InlineData("Kultur, 2.11.22", "2022-11-02")]
    public void FindsADateAlone(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z"), DateText.FindAlone(text));

    [Theory]
    [InlineData("Roadshow 23.-26.8.2017")]
    [InlineData("06.12.2022, 14:30")]
    [InlineData("The council met on 6 December 2022")]
    public void FindsNoDateAloneInATextWithMore(string text) => Assert.Null(DateText.FindAlone(text));

    [Fact]
    public void ReadsTheShortFormWithSingleDigitsOnlyAlone() =>
        Assert.Null(DateText.FindVisible("Update the app to 2.11.22 before the 5.3 release."));
}
