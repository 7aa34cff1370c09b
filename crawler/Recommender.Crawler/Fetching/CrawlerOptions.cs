using System.ComponentModel.DataAnnotations;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// The crawler's settings, bound from the configuration section <c>Crawler</c> and validated at start: a zero
/// timeout or worker count would not fail loudly, it would stop every crawl.
/// </summary>
public sealed class CrawlerOptions
{
    public const string SectionName = "Crawler";

    /// <summary>Sent with every request; operators should name a contact page here.</summary>
    public string UserAgent { get; set; } = "RecommenderBot/1.0 (self-hosted content recommendation crawler)";

    /// <summary>Requests to one host are spaced by 1/this; zero or less turns the limit off.</summary>
    public double RequestsPerSecondPerHost { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for one request, from sending it to the last byte of its body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Attempts per fetch when the server answers 5xx or times out.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt; it doubles for each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RobotsCacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lets the crawler reach private, loopback and link-local addresses (tests, intranets).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Ports the crawler may fetch. Empty: 80 and 443 only, so that a URL naming another port of an allowed host
    /// (a database's, an admin console's) cannot make the crawler probe it; any port when <see cref="AllowPrivateNetworks"/>
    /// is on, as the address guard is then off too (tests, intranets).
    /// </summary>
    [ValidPorts]
    public List<int> AllowedPorts { get; set; } = [];

    /// <summary>Whether the crawler may fetch from <paramref name="port"/>.</summary>
    public bool AllowsPort(int port) =>
        AllowedPorts.Count > 0 ? AllowedPorts.Contains(port) : AllowPrivateNetworks || port is 80 or 443;

    /// <summary>Crawl requests processed in parallel.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Crawl requests waiting at most; more are refused rather than held in memory.</summary>
    [Range(1, 10_000_000)]
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>
    /// Pages only asked about (not seen in events) a site may have waiting; more are refused. 10,050 junk URLs of an
    /// allowed host asked about in 5.5 s otherwise filled the queue for hours, and a new article waited behind them.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxAskedPerSite { get; set; } = 100;

    /// <summary>
    /// Failing pages remembered at most (in memory and in the failure log); past it the oldest failures are forgotten,
    /// so such a page may be tried again before its retry time. Unknown URLs of an allowed host asked about by anyone
    /// each failed once and were kept forever: 104,384 of them, 2.5 KB each, in a few minutes of a test attack.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxFailingPagesKept { get; set; } = 10_000;

    /// <summary>Wait before a transient failure (5xx, timeout, network) is crawled again; it doubles each time.</summary>
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Transient failures retried with growing delays before a URL waits like a permanent failure.</summary>
    [Range(0, 100)]
    public int MaxFailedRetries { get; set; } = 5;

    /// <summary>Wait before a permanent failure (404, not HTML, robots...) is crawled again.</summary>
    public TimeSpan RetryPermanentFailuresAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often an article that still gets traffic is crawled again, so edits and new tags show.</summary>
    public TimeSpan RecrawlEvery { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long after its publication an article is crawled again (every <see cref="RecrawlEvery"/>).</summary>
    public TimeSpan RecrawlFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the queue looks for failures due for a retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FailureScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Every listed port is a TCP port, 1 to 65535.</summary>
sealed class ValidPortsAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not IEnumerable<int> ports || ports.All(port => port is >= 1 and <= 65535);

    public override string FormatErrorMessage(string name) => $"{name} must list ports from 1 to 65535.";
}
