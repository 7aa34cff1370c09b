using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Sites;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Fetching;
using Recommender.Crawler.Tests.Fetching;
using Recommender.Tests;

namespace Recommender.Crawler.Tests.Crawling;

public sealed class CrawlQueueTests : IDisposable
{
    const string Html = "text/html; charset=utf-8";
    const string SiteKey = "news";

    readonly string dataDirectory = Directory.CreateTempSubdirectory("crawl-queue-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    /// <summary>Processes pages by the given action and remembers the final URLs it was handed.</summary>
    sealed class Processor(Func<FetchedPage, Task>? process = null) : ICrawledPageProcessor
    {
        public ConcurrentQueue<string> Processed { get; } = new();

        public async Task ProcessAsync(CrawlRequest request, FetchedPage page, CancellationToken ct)
        {
            if (process is not null) await process(page);
            Processed.Enqueue(page.FinalUrl);
        }
    }

    sealed class RunningQueue(CrawlQueue queue, PageFetcher fetcher, CrawlFailureLog log) : IAsyncDisposable
    {
        readonly CancellationTokenSource stop = new();
        Task? running;

        public CrawlQueue Queue => queue;

        public RunningQueue Start()
        {
            running = queue.RunAsync(stop.Token);
            return this;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            if (running is not null) await running;
            fetcher.Dispose();
            log.Dispose();
        }
    }

    RunningQueue CreateQueue(TestSite site, Processor processor, Action<CrawlerOptions>? configure = null)
    {
        var options = PageFetcherTests.TestOptions();
        options.Workers = 2;
        configure?.Invoke(options);
        var fetcher = new PageFetcher(options);
        var log = new CrawlFailureLog(dataDirectory, options);
        SiteOptions siteOptions = site.Site;
        var queue = new CrawlQueue(fetcher, processor, log, key => key == SiteKey ? siteOptions : null, options);
        return new RunningQueue(queue, fetcher, log);
    }

    static async Task IdleAsync(CrawlQueue queue) => await queue.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Crawls_queued_pages_and_hands_them_to_the_processor()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/story/{n:int}", (int n) => Results.Content($"<p>{n}</p>", Html)));
        var processor = new Processor();
        await using var running = CreateQueue(site, processor).Start();

        foreach (var n in Enumerable.Range(1, 3))
        {
            Assert.Equal(EnqueueResult.Queued, running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url($"/story/{n}"))));
        }
        await IdleAsync(running.Queue);

        Assert.Equal(Enumerable.Range(1, 3).Select(n => site.Url($"/story/{n}")).Order(), processor.Processed.Order());
        Assert.Empty(running.Queue.Failures.All());
    }

    [Fact]
    public async Task A_page_waiting_or_in_flight_is_queued_only_once()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        await using var site = await TestSite.StartAsync(app => app.MapGet("/story", () => Results.Content("<p>x</p>", Html)));
        var processor = new Processor(async _ =>
        {
            started.TrySetResult();
            await release.Task;
        });
        await using var running = CreateQueue(site, processor);
        var request = new CrawlRequest(SiteKey, site.Url("/story"));

        Assert.Equal(EnqueueResult.Queued, running.Queue.Enqueue(request));
        Assert.Equal(EnqueueResult.AlreadyPending, running.Queue.Enqueue(request));
        running.Start();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EnqueueResult.AlreadyPending, running.Queue.Enqueue(request with { Url = site.Url("/story#comments") }));
        release.SetResult();
        await IdleAsync(running.Queue);
        Assert.Equal(EnqueueResult.Queued, running.Queue.Enqueue(request));
        await IdleAsync(running.Queue);

        Assert.Equal(2, site.CountOf("/story"));
        Assert.Equal(2, processor.Processed.Count);
    }

    [Fact]
    public async Task A_processor_exception_is_recorded_and_the_worker_goes_on()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/story/{n:int}", (int n) => Results.Content($"<p>{n}</p>", Html)));
        var processor = new Processor(page => page.FinalUrl.EndsWith("/1")
            ? throw new InvalidOperationException("extraction broke")
            : Task.CompletedTask);
        await using var running = CreateQueue(site, processor, o => o.Workers = 1).Start();

        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story/1")));
        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story/2")));
        await IdleAsync(running.Queue);

        var failure = Assert.Single(running.Queue.Failures.All());
        Assert.Equal(site.Url("/story/1"), failure.Url);
        Assert.Equal(FetchFailureReason.ProcessingFailed, failure.Reason);
        Assert.Contains("extraction broke", failure.Detail);
        Assert.Equal([site.Url("/story/2")], processor.Processed);
    }

    [Fact]
    public async Task Records_fetch_failures_with_their_reason_and_refuses_them_until_the_retry_is_due()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /private\n");
            app.MapGet("/data", () => Results.Json(new { }));
        });
        await using var running = CreateQueue(site, new Processor()).Start();

        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/gone")));
        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/data")));
        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/private/page")));
        running.Queue.Enqueue(new CrawlRequest("unknown-site", site.Url("/gone")));
        await IdleAsync(running.Queue);

        var failures = running.Queue.Failures.All().ToDictionary(f => (f.Site, f.Url));
        Assert.Equal(404, failures[(SiteKey, site.Url("/gone"))].StatusCode);
        Assert.Equal(FetchFailureReason.NotHtml, failures[(SiteKey, site.Url("/data"))].Reason);
        Assert.Equal(FetchFailureReason.RobotsDisallowed, failures[(SiteKey, site.Url("/private/page"))].Reason);
        Assert.Equal(FetchFailureReason.HostNotAllowed, failures[("unknown-site", site.Url("/gone"))].Reason);
        Assert.Equal(EnqueueResult.RetryNotDue, running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/gone"))));
        Assert.Equal(EnqueueResult.InvalidUrl, running.Queue.Enqueue(new CrawlRequest(SiteKey, "not a url")));
    }

    [Fact]
    public async Task Retries_transient_failures_in_the_background_and_a_success_clears_the_failure()
    {
        var calls = 0;
        await using var site = await TestSite.StartAsync(app => app.MapGet("/story", () =>
            Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(503) : Results.Content("<p>back</p>", Html)));
        var processor = new Processor();
        await using var running = CreateQueue(site, processor, o =>
        {
            o.MaxAttempts = 1;
            o.RetryFailedAfter = TimeSpan.FromMilliseconds(50);
            o.FailureScanInterval = TimeSpan.FromMilliseconds(20);
        }).Start();

        running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story")));
        await Wait.UntilAsync(() => !processor.Processed.IsEmpty, TimeSpan.FromSeconds(10));
        // Failed once in a fresh-clone CI run (nothing processed in 10 s) and not again in eight runs, four with the cores
        // kept busy: should it fail again, its message says where the retries stood.
        Assert.False(processor.Processed.IsEmpty, $"not crawled in 10 s: {Volatile.Read(ref calls)} calls; failures: {string.Join("; ", running.Queue.Failures.All())}");
        await IdleAsync(running.Queue);

        Assert.Equal([site.Url("/story")], processor.Processed);
        Assert.Equal(3, site.CountOf("/story"));
        Assert.Empty(running.Queue.Failures.All());
    }

    [Fact]
    public async Task Pages_only_asked_about_wait_behind_viewed_ones_and_a_site_has_a_budget_of_them()
    {
        var junkAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await JunkAndNewStorySiteAsync(junkAnswers.Task);
        var processor = new Processor();
        await using var running = CreateQueue(site, processor, options =>
        {
            options.Workers = 1;
            options.MaxAskedPerSite = 20;
        }).Start();

        var asked = Enumerable.Range(0, 50).Select(n => running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url($"/junk/{n}")), CrawlSource.Asked)).ToList();
        var viewed = running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story/new")));
        junkAnswers.SetResult();
        for (var i = 0; i < 200 && !processor.Processed.Contains(site.Url("/story/new")); i++) await Task.Delay(50);
        var junkBefore = processor.Processed.TakeWhile(url => url != site.Url("/story/new")).Count();

        // The budget counts pages waiting: the worker may take the first junk page before the rest are asked for, and
        // then one more fits (21 queued, seen on a loaded machine), never two.
        var queued = asked.Count(r => r == EnqueueResult.Queued);
        Assert.InRange(queued, 20, 21);
        Assert.Equal(50 - queued, asked.Count(r => r == EnqueueResult.SiteBudgetSpent));
        Assert.Equal(EnqueueResult.Queued, viewed);
        Assert.Contains(site.Url("/story/new"), processor.Processed);
        // At most the one junk page in flight when the article was viewed: not the 20 queued before it.
        Assert.InRange(junkBefore, 0, 1);
    }

    [Fact]
    public async Task A_page_asked_about_then_viewed_moves_up_and_is_crawled_once()
    {
        var junkAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var site = await JunkAndNewStorySiteAsync(junkAnswers.Task);
        var processor = new Processor();
        await using var running = CreateQueue(site, processor, options => options.Workers = 1).Start();

        foreach (var n in Enumerable.Range(0, 10)) running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url($"/junk/{n}")), CrawlSource.Asked);
        Assert.Equal(EnqueueResult.Queued, running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story/new")), CrawlSource.Asked));
        Assert.Equal(EnqueueResult.Queued, running.Queue.Enqueue(new CrawlRequest(SiteKey, site.Url("/story/new"))));
        junkAnswers.SetResult();
        await IdleAsync(running.Queue);

        Assert.Equal(1, site.CountOf("/story/new"));
        Assert.InRange(processor.Processed.ToList().IndexOf(site.Url("/story/new")), 0, 1);
    }

    /// <summary>
    /// Junk pages that answer only once <paramref name="junkAnswers"/> completes, so the one worker is held on the first
    /// of them while the test queues the rest and views the new story, however slow the machine.
    /// </summary>
    static Task<TestSite> JunkAndNewStorySiteAsync(Task junkAnswers) => TestSite.StartAsync(app =>
    {
        app.MapGet("/junk/{n:int}", async (int n) =>
        {
            await junkAnswers;
            return Results.Content($"<p>{n}</p>", Html);
        });
        app.MapGet("/story/new", () => Results.Content("<p>new</p>", Html));
    });
}
