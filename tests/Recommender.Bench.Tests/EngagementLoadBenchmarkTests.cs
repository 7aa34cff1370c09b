using System.CommandLine;

namespace Recommender.Bench.Tests;

public sealed class EngagementLoadBenchmarkTests
{
    // The bench exits 1 when a /related request was not answered 200 or an event was lost or counted twice. Its
    // requests once met the default rate limit (50 reads/s a client), so its rates were the limiter's: 82,488 of
    // 82,988 requests were 429s in a full run.
    [Fact]
    public async Task A_short_run_answers_every_related_request_and_counts_every_event_once()
    {
        var exit = await EngagementLoadBenchmark.Create()
            .Parse(["--articles", "200", "--seconds", "1", "--backlog", "2000", "--rate", "2000", "--concurrency", "2"])
            .InvokeAsync();

        Assert.Equal(0, exit);
    }
}
