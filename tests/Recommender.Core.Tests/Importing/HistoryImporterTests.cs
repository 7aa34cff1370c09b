using Recommender.Core.Evaluation;
using Recommender.Core.Importing;
using Recommender.Core.Profiles;

namespace Recommender.Core.Tests.Importing;

public sealed class HistoryImporterTests : IDisposable
{
    const string Site = "news.example";
    static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    readonly string _directory = Directory.CreateTempSubdirectory("history-").FullName;
    readonly SqliteProfileStore _profiles;
    readonly HistoryImporter _importer;

    public HistoryImporterTests()
    {
        var clock = new EvalClock { Now = Now };
        var options = new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) };
        _profiles = new SqliteProfileStore(_directory, options, clock);
        _importer = new HistoryImporter(_profiles, clock, options.ExpireAfterInactivity, host => host == "news.example");
    }

    public void Dispose()
    {
        _profiles.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    Task<IReadOnlyList<ProfileEntry>> HistoryOf(string uuid) => _profiles.GetAsync(Site, uuid, int.MaxValue, CancellationToken.None);

    [Fact]
    public async Task A_csv_with_a_header_in_another_order_trains_each_read_at_its_time_and_counts_refusals_by_reason()
    {
        var lines = new[]
        {
            "ts,uuid,url",
            "2026-02-20T08:00:00Z,r1,https://news.example/a",
            $"{Now.AddHours(-2).ToUnixTimeMilliseconds()},r1,https://news.example/b",
            "2026-02-28T00:00:00+01:00,r2,https://news.example/a",
            "2026-03-01T12:05:00Z,r2,https://news.example/c",
            "2026-03-02T00:00:00Z,r2,https://news.example/d",
            "2025-12-01T00:00:00Z,r2,https://news.example/e",
            "later,r3,https://news.example/a",
            "2026-02-20T08:00:00Z,r3,https://elsewhere.example/a",
            "2026-02-20T08:00:00Z,,https://news.example/a",
            "2026-02-20T08:00:00Z,r3,/a",
            "no commas here",
            "",
        };

        var report = await _importer.ImportAsync(Site, lines, null, CancellationToken.None);

        Assert.Equal(4, report.Trained);
        Assert.Equal(
            [new ProfileEntry("https://news.example/b", Now.AddHours(-2), 1), new ProfileEntry("https://news.example/a", new(2026, 2, 20, 8, 0, 0, TimeSpan.Zero), 1)],
            await HistoryOf("r1"));
        // 5 minutes ahead is within the clock skew: stored as now.
        Assert.Equal([Now, new DateTimeOffset(2026, 2, 27, 23, 0, 0, TimeSpan.Zero)], (await HistoryOf("r2")).Select(e => e.Time));
        Assert.Empty(await HistoryOf("r3"));
        Assert.Equal(7, report.Refused.Values.Sum());
        Assert.Equal(1, report.Refused.Single(r => r.Key.StartsWith("ts is in the future", StringComparison.Ordinal)).Value);
        Assert.Equal(1, report.Refused.Single(r => r.Key.StartsWith("ts is older than the profile expiry", StringComparison.Ordinal)).Value);
        Assert.Equal(1, report.Refused["ts not ISO 8601 or epoch milliseconds"]);
        Assert.Equal(1, report.Refused["url's host not one of the site's allowed hosts"]);
        Assert.Equal(1, report.Refused["uuid missing or not printable"]);
        Assert.Equal(1, report.Refused["url not an absolute http or https URL"]);
        Assert.Equal(1, report.Refused["not a row of uuid, url, ts"]);
    }

    [Fact]
    public async Task Json_lines_take_ts_as_a_string_or_a_number()
    {
        var lines = new[]
        {
            """{"uuid": "r1", "url": "https://news.example/a", "ts": "2026-02-25T00:00:00Z"}""",
            $$"""{"uuid": "r1", "url": "https://news.example/b", "ts": {{Now.AddDays(-1).ToUnixTimeMilliseconds()}}}""",
            """{"uuid": "r1", "url": "https://news.example/c"}""",
            """{"uuid": "r1", """,
        };

        var report = await _importer.ImportAsync(Site, lines, null, CancellationToken.None);

        Assert.Equal(2, report.Trained);
        Assert.Equal([Now.AddDays(-1), new DateTimeOffset(2026, 2, 25, 0, 0, 0, TimeSpan.Zero)], (await HistoryOf("r1")).Select(e => e.Time));
        Assert.Equal(new Dictionary<string, int> { ["ts not ISO 8601 or epoch milliseconds"] = 1, ["not a row of uuid, url, ts"] = 1 }, report.Refused);
    }
}
