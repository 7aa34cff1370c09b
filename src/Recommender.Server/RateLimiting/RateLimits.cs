using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Recommender.Core.Sites;
using Recommender.Server.Sites;

namespace Recommender.Server.RateLimiting;

/// <summary>The <c>RateLimits</c> configuration section: what a client address may send per second, unless its site says otherwise.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary><c>POST /events</c> requests (a batch of up to 100 events counts one).</summary>
    [Range(1, 1_000_000)]
    public int EventsPerSecond { get; set; } = 20;

    /// <summary>List answers and engagement: <c>/related</c>, <c>/search</c>, <c>/trending</c>, <c>/engagement</c>.</summary>
    [Range(1, 1_000_000)]
    public int ReadsPerSecond { get; set; } = 50;

    /// <summary>A reader's data: <c>/profile</c> (training and forgetting) and <c>/history</c>.</summary>
    [Range(1, 1_000_000)]
    public int TrainingsPerSecond { get; set; } = 10;
}

/// <summary>
/// ASP.NET Core's rate limiter as one policy per kind of call, applied to endpoint groups: a token bucket per client
/// address and site that refills its rate every second and holds two seconds' worth, so a page's burst passes and a
/// flood does not. Without it one client posted 234,183 events in 20 s and trained 700–1,100 profiles a second.
/// A refusal answers 429 with <c>Retry-After</c> and a problem, and counts in <c>recommender.ratelimit.refusals</c>
/// (meter <c>Recommender.RateLimits</c>, by policy).
/// </summary>
/// <remarks>
/// The site is the request's <c>apikey</c> when it names a known site (an unknown one counts as none, so made-up
/// apikeys make no new buckets); its <see cref="SiteOptions.RateLimits"/> override the defaults. <c>/events</c> carries
/// its apikey in the body, so only the defaults apply to it. Behind a proxy every client has the proxy's address:
/// put the forwarded-headers middleware in front, or raise the limits.
/// </remarks>
public static class RateLimits
{
    public const string Events = "events";
    public const string Reads = "reads";
    public const string Trainings = "trainings";

    /// <summary>Configuration arguments that lift every limit, for benchmarks and tests that measure something else from one address.</summary>
    public static readonly string[] Lifted =
        ["--RateLimits:EventsPerSecond=1000000", "--RateLimits:ReadsPerSecond=1000000", "--RateLimits:TrainingsPerSecond=1000000"];

    static readonly Meter Meter = new("Recommender.RateLimits");
    static readonly Counter<long> Refusals = Meter.CreateCounter<long>("recommender.ratelimit.refusals", description: "Requests refused with 429, by policy");

    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RefuseAsync;
        });
        // The policies get the limits and the sites once, here, not from the request's services on every request.
        services.AddOptions<RateLimiterOptions>().Configure<IOptionsMonitor<RateLimitOptions>, SiteDirectory>((limiter, limits, sites) =>
        {
            limiter.AddPolicy(Events, http => Bucket(http, Events, limits.CurrentValue.EventsPerSecond, sites, _ => null));
            limiter.AddPolicy(Reads, http => Bucket(http, Reads, limits.CurrentValue.ReadsPerSecond, sites, site => site.ReadsPerSecond));
            limiter.AddPolicy(Trainings, http => Bucket(http, Trainings, limits.CurrentValue.TrainingsPerSecond, sites, site => site.TrainingsPerSecond));
        });
    }

    /// <param name="siteRate">The site's own rate for the policy, where it sets one.</param>
    static RateLimitPartition<BucketKey> Bucket(HttpContext http, string policy, int defaultRate, SiteDirectory sites, Func<SiteRateLimits, int?> siteRate)
    {
        var apikey = http.Request.Query["apikey"].ToString();
        var site = apikey.Length == 0 ? null : sites.Find(apikey);
        var perSecond = Math.Max(1, site?.RateLimits is { } own && siteRate(own) is { } rate ? rate : defaultRate);
        // The rate is part of the key, so a changed configuration takes effect at once (the old bucket idles out).
        // A value, not a string joined per request: the key is built for every limited request; the bucket's settings
        // come from the key too, so no closure is made per request.
        var key = new BucketKey(policy, perSecond, site is null ? "" : apikey, http.Connection.RemoteIpAddress);
        return RateLimitPartition.GetTokenBucketLimiter(key, static key => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * key.PerSecond,
            TokensPerPeriod = key.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });
    }

    /// <summary>One token bucket: a kind of call at a rate, for a site (empty for none) and a client address.</summary>
    readonly record struct BucketKey(string Policy, int PerSecond, string Site, System.Net.IPAddress? Client);

    static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancel)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "";
        Refusals.Add(1, new KeyValuePair<string, object?>("policy", policy));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This client sent more {policy} calls than its limit allows; retry after {seconds} s.",
            },
        });
    }
}
