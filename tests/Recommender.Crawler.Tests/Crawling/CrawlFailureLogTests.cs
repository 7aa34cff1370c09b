using Recommender.Crawler.Crawling;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Tests.Crawling;

public sealed class CrawlFailureLogTests : IDisposable
{
    readonly string dataDirectory = Directory.CreateTempSubdirectory("crawl-failures-").FullName;

    readonly CrawlerOptions options = new()
    {
        RetryFailedAfter = TimeSpan.FromMinutes(1),
        MaxFailedRetries = 3,
        RetryPermanentFailuresAfter = TimeSpan.FromDays(7),
    };

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public void Survives_reopening_with_failures_and_clearances_replayed()
    {
        using (var log = new CrawlFailureLog(dataDirectory, options))
        {
            log.Record("news", "https://news.example/a", FetchFailure.ForStatus(404));
            log.Record("news", "https://news.example/b", FetchFailure.Timeout("slow"));
            log.Record("news", "https://news.example/b", FetchFailure.ForStatus(503));
            log.Record("news", "https://news.example/c", FetchFailure.Network("refused"));
            log.Clear("news", "https://news.example/c");
        }
        Assert.Contains("\"reason\":\"HttpStatus\"", File.ReadAllText(Path.Combine(dataDirectory, CrawlFailureLog.FileName)));

        using var reopened = new CrawlFailureLog(dataDirectory, options);

        Assert.Equal(["https://news.example/a", "https://news.example/b"], reopened.All().Select(f => f.Url).Order());
        var b = reopened.Find("news", "https://news.example/b")!;
        Assert.Equal((2, FetchFailureReason.HttpStatus, 503), (b.Count, b.Reason, b.StatusCode));
        Assert.Null(reopened.Find("news", "https://news.example/c"));
    }

    [Fact]
    public void A_torn_last_line_is_skipped()
    {
        using (var log = new CrawlFailureLog(dataDirectory, options))
        {
            log.Record("news", "https://news.example/a", FetchFailure.ForStatus(404));
        }
        File.AppendAllText(Path.Combine(dataDirectory, CrawlFailureLog.FileName), "{\"failed\":{\"site\":\"ne");

        using var reopened = new CrawlFailureLog(dataDirectory, options);

        Assert.Equal("https://news.example/a", Assert.Single(reopened.All()).Url);
    }

    [Fact]
    public void Transient_failures_wait_twice_as_long_each_time_up_to_the_limit_then_like_permanent_ones()
    {
        using var log = new CrawlFailureLog(dataDirectory, options);

        var waits = Enumerable.Range(0, 5)
            .Select(_ => log.Record("news", "https://news.example/a", FetchFailure.ForStatus(503)))
            .Select(f => f.RetryAt - f.FailedAt)
            .ToList();
        var permanent = log.Record("news", "https://news.example/b", FetchFailure.ForStatus(404));

        Assert.Equal([1, 2, 4, 7 * 24 * 60, 7 * 24 * 60], waits.Select(w => w.TotalMinutes));
        Assert.Equal(TimeSpan.FromDays(7), permanent.RetryAt - permanent.FailedAt);
        Assert.True(log.IsWaitingForRetry("news", "https://news.example/b"));
        Assert.Empty(log.DueForRetry());
    }

    [Fact]
    public void Keeps_at_most_its_limit_of_failing_pages_forgetting_the_oldest_also_across_reopening()
    {
        var limited = new CrawlerOptions { MaxFailingPagesKept = 100 };
        var clock = new SteppingClock();
        using (var log = new CrawlFailureLog(dataDirectory, limited, clock))
        {
            for (var n = 0; n < 1_000; n++) log.Record("news", $"https://news.example/junk/{n}", FetchFailure.Network("no such host"));

            Assert.InRange(log.Count, 90, 100);
            Assert.NotNull(log.Find("news", "https://news.example/junk/999"));
            Assert.Null(log.Find("news", "https://news.example/junk/0"));
        }

        using var reopened = new CrawlFailureLog(dataDirectory, new CrawlerOptions { MaxFailingPagesKept = 10 }, clock);
        Assert.InRange(reopened.Count, 9, 10);
        Assert.NotNull(reopened.Find("news", "https://news.example/junk/999"));
        Assert.InRange(File.ReadLines(Path.Combine(dataDirectory, CrawlFailureLog.FileName)).Count(), 9, 10);
    }

    /// <summary>A clock one second further on at each reading, so that every failure has its own time.</summary>
    sealed class SteppingClock : TimeProvider
    {
        DateTimeOffset now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now = now.AddSeconds(1);
    }
}
