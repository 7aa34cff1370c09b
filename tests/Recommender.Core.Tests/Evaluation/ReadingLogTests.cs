using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class ReadingLogTests
{
    [Fact]
    public void Csv_rows_with_a_header_iso_and_unix_times_and_bad_lines()
    {
        var log = ReadingLog.ReadRows([
            "uuid,url,timestamp,event",
            "r1,https://news.example/a,2020-03-01T10:00:00Z,view",
            "r1,https://news.example/b,1583056860",
            "r2,https://news.example/a,1583056920000,pageview",
            "r2,https://news.example/c,2020-03-01T10:03:00Z,impression",
            "r3,https://news.example/a,yesterday",
            "not a row",
        ], ReadingLog.CsvRow);

        Assert.Equal(
            [
                new LogRead("r1", "https://news.example/a", new DateTimeOffset(2020, 3, 1, 10, 0, 0, TimeSpan.Zero)),
                new LogRead("r1", "https://news.example/b", new DateTimeOffset(2020, 3, 1, 10, 1, 0, TimeSpan.Zero)),
                new LogRead("r2", "https://news.example/a", new DateTimeOffset(2020, 3, 1, 10, 2, 0, TimeSpan.Zero)),
            ],
            log.Reads);
        Assert.Equal(2, log.SkippedLines);
    }

    [Fact]
    public void Mind_behaviors_give_history_before_the_first_impression_and_clicks_at_their_impression()
    {
        var log = ReadingLog.ReadMind([
            "2\tU1\t11/12/2019 2:14:46 PM\tN1 N2\tN5-0 N6-1",
            "1\tU1\t11/11/2019 9:05:00 AM\tN1 N2\tN3-1 N4-0",
            "3\tU2\tnot a time\tN1\tN3-1",
        ]);

        var first = new DateTimeOffset(2019, 11, 11, 9, 5, 0, TimeSpan.Zero);
        var second = new DateTimeOffset(2019, 11, 12, 14, 14, 46, TimeSpan.Zero);
        Assert.Equal(
            [
                new LogRead("U1", LabelledCatalogue.MindUrl("N1"), first.AddSeconds(-1), ReadKind.History),
                new LogRead("U1", LabelledCatalogue.MindUrl("N2"), first.AddSeconds(-1), ReadKind.History),
                new LogRead("U1", LabelledCatalogue.MindUrl("N3"), first),
                new LogRead("U1", LabelledCatalogue.MindUrl("N6"), second),
            ],
            log.Reads);
        Assert.Equal([first, second], log.Impressions.Select(i => i.Time));
        Assert.Equal([(LabelledCatalogue.MindUrl("N3"), true), (LabelledCatalogue.MindUrl("N4"), false)], log.Impressions[0].Candidates);
        Assert.Equal(1, log.SkippedLines);
    }
}
