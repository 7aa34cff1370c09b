using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Core.Articles;
using Recommender.Core.Sites;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Crawling;

/// <summary>
/// Pages waiting to be crawled, each at most once while waiting or in flight, fetched by
/// <see cref="CrawlerOptions.Workers"/> workers and handed to the processor. Failures go to the
/// <see cref="CrawlFailureLog"/> and come back when their retry is due; nothing stops a worker.
/// </summary>
public sealed class CrawlQueue
{
    readonly PageFetcher fetcher;
    readonly ICrawledPageProcessor processor;
    readonly Func<string, SiteOptions?> findSite;
    readonly CrawlerOptions options;
    readonly ILogger logger;
    readonly Channel<CrawlRequest> channel;
    readonly HashSet<CrawlRequest> pending = [];
    TaskCompletionSource idle = CompletedIdle();

    public CrawlQueue(
        PageFetcher fetcher,
        ICrawledPageProcessor processor,
        CrawlFailureLog failures,
        Func<string, SiteOptions?> findSite,
        CrawlerOptions options,
        ILogger<CrawlQueue>? logger = null)
    {
        this.fetcher = fetcher;
        this.processor = processor;
        Failures = failures;
        this.findSite = findSite;
        this.options = options;
        this.logger = logger ?? NullLogger<CrawlQueue>.Instance;
        channel = Channel.CreateUnbounded<CrawlRequest>();
    }

    public CrawlFailureLog Failures { get; }

    /// <summary>Pages waiting or being crawled.</summary>
    public int PendingCount
    {
        get { lock (pending) return pending.Count; }
    }

    /// <summary>Queues the page unless it is already pending, its URL is not http(s), or its last failure is not due for a retry.</summary>
    public EnqueueResult Enqueue(CrawlRequest request)
    {
        if (CanonicalUrl.Normalize(request.Url) is not { } url) return EnqueueResult.InvalidUrl;
        request = request with { Url = url };
        if (Failures.IsWaitingForRetry(request.Site, url)) return EnqueueResult.RetryNotDue;
        lock (pending)
        {
            if (pending.Count >= options.MaxQueuedRequests) return EnqueueResult.QueueFull;
            if (!pending.Add(request)) return EnqueueResult.AlreadyPending;
            if (idle.Task.IsCompleted) idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        channel.Writer.TryWrite(request);
        return EnqueueResult.Queued;
    }

    /// <summary>Queues the failed pages whose retry is due; returns how many were queued.</summary>
    public int EnqueueDueRetries() =>
        Failures.DueForRetry().Count(f => Enqueue(new CrawlRequest(f.Site, f.Url)) == EnqueueResult.Queued);

    /// <summary>Completes when no page is waiting or being crawled.</summary>
    public Task WhenIdleAsync(CancellationToken ct = default)
    {
        lock (pending) return idle.Task.WaitAsync(ct);
    }

    /// <summary>Runs the workers and the retry of due failures until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(ct));
        try
        {
            await Task.WhenAll(workers.Append(RetryFailuresAsync(ct)));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task WorkAsync(CancellationToken ct)
    {
        await foreach (var request in channel.Reader.ReadAllAsync(ct))
        {
            try
            {
                await CrawlAsync(request, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Only the failure log itself can get here (a full disk, say); the worker goes on.
                logger.LogError(e, "Crawling {Url} of site {Site} failed", request.Url, request.Site);
            }
            finally
            {
                Done(request);
            }
        }
    }

    async Task CrawlAsync(CrawlRequest request, CancellationToken ct)
    {
        var failure = await FetchAndProcessAsync(request, ct);
        if (failure is null)
        {
            Failures.Clear(request.Site, request.Url);
        }
        else
        {
            var recorded = Failures.Record(request.Site, request.Url, failure);
            logger.LogInformation("Crawling {Url} failed ({Reason}: {Detail}), failure {Count}, retry at {RetryAt}",
                request.Url, failure.Reason, failure.Detail, recorded.Count, recorded.RetryAt);
        }
    }

    async Task<FetchFailure?> FetchAndProcessAsync(CrawlRequest request, CancellationToken ct)
    {
        if (findSite(request.Site) is not { } site)
        {
            return new FetchFailure(FetchFailureReason.HostNotAllowed, $"no site {request.Site} is configured");
        }
        var result = await fetcher.FetchAsync(request.Url, site, ct);
        if (!result.Succeeded) return result.Failure;
        try
        {
            await processor.ProcessAsync(request, result.Page, ct);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Processing {Url} failed", request.Url);
            return FetchFailure.ProcessingFailed(e);
        }
    }

    void Done(CrawlRequest request)
    {
        lock (pending)
        {
            pending.Remove(request);
            if (pending.Count == 0) idle.TrySetResult();
        }
    }

    async Task RetryFailuresAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.FailureScanInterval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            EnqueueDueRetries();
        }
    }

    static TaskCompletionSource CompletedIdle()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }
}
