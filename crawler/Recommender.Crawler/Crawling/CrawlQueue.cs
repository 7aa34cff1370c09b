using System.Collections.Concurrent;
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
/// <remarks>
/// Two lanes: pages seen in events (<see cref="CrawlSource.Viewed"/>) are always taken before pages only asked about
/// (<see cref="CrawlSource.Asked"/>), of which a site may have <see cref="CrawlerOptions.MaxAskedPerSite"/> waiting.
/// A page asked about and then viewed moves to the first lane; its place in the second is skipped when reached.
/// </remarks>
public sealed class CrawlQueue
{
    readonly PageFetcher fetcher;
    readonly ICrawledPageProcessor processor;
    readonly Func<string, SiteOptions?> findSite;
    readonly CrawlerOptions options;
    readonly ILogger logger;
    readonly ConcurrentQueue<CrawlRequest> viewed = new();
    readonly ConcurrentQueue<CrawlRequest> asked = new();
    // One count per request put in either lane, so a worker waits only while both are empty.
    readonly SemaphoreSlim queued = new(0);
    readonly Dictionary<CrawlRequest, PendingState> pending = [];
    readonly Dictionary<string, int> askedPerSite = [];
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
    }

    public CrawlFailureLog Failures { get; }

    /// <summary>Pages waiting or being crawled.</summary>
    public int PendingCount
    {
        get { lock (pending) return pending.Count; }
    }

    /// <summary>
    /// Queues the page unless it is already pending, its URL is not http(s), its last failure is not due for a retry,
    /// or (asked about only) its site's budget is spent. A pending page asked about moves up when it is viewed.
    /// </summary>
    public EnqueueResult Enqueue(CrawlRequest request, CrawlSource source = CrawlSource.Viewed)
    {
        if (CanonicalUrl.Normalize(request.Url) is not { } url) return EnqueueResult.InvalidUrl;
        request = request with { Url = url };
        if (Failures.IsWaitingForRetry(request.Site, url)) return EnqueueResult.RetryNotDue;
        lock (pending)
        {
            if (pending.TryGetValue(request, out var state))
            {
                if (state != PendingState.Asked || source != CrawlSource.Viewed) return EnqueueResult.AlreadyPending;
                LeaveAsked(request);
            }
            else
            {
                if (pending.Count >= options.MaxQueuedRequests) return EnqueueResult.QueueFull;
                if (source == CrawlSource.Asked && askedPerSite.GetValueOrDefault(request.Site) >= options.MaxAskedPerSite)
                    return EnqueueResult.SiteBudgetSpent;
                if (idle.Task.IsCompleted) idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            if (source == CrawlSource.Asked) askedPerSite[request.Site] = askedPerSite.GetValueOrDefault(request.Site) + 1;
            pending[request] = source == CrawlSource.Viewed ? PendingState.Viewed : PendingState.Asked;
        }
        (source == CrawlSource.Viewed ? viewed : asked).Enqueue(request);
        queued.Release();
        return EnqueueResult.Queued;
    }

    /// <summary>Queues the failed pages whose retry is due, behind the pages viewed; returns how many were queued.</summary>
    public int EnqueueDueRetries() =>
        Failures.DueForRetry().Count(f => Enqueue(new CrawlRequest(f.Site, f.Url), CrawlSource.Asked) == EnqueueResult.Queued);

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
        while (true)
        {
            await queued.WaitAsync(ct);
            if (!TryTake(out var request)) continue;
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

    /// <summary>The next page to crawl, viewed ones first; false for a place left behind by a page that moved up.</summary>
    bool TryTake(out CrawlRequest request)
    {
        var lane = viewed.TryDequeue(out request!) ? PendingState.Viewed : asked.TryDequeue(out request!) ? PendingState.Asked : (PendingState?)null;
        if (lane is null) return false;
        lock (pending)
        {
            if (!pending.TryGetValue(request, out var state) || state != lane) return false;
            if (state == PendingState.Asked) LeaveAsked(request);
            pending[request] = PendingState.Crawling;
            return true;
        }
    }

    void LeaveAsked(CrawlRequest request)
    {
        var left = askedPerSite[request.Site] - 1;
        if (left == 0) askedPerSite.Remove(request.Site);
        else askedPerSite[request.Site] = left;
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

    enum PendingState { Viewed, Asked, Crawling }

    static TaskCompletionSource CompletedIdle()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }
}
