using Recommender.Crawler.Extraction;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Recommender.Core.Sites;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// Fetches article pages politely and safely: only hosts of the page's site, never private
/// addresses (unless allowed), robots.txt obeyed, requests to one host spaced, bodies capped,
/// HTML only, redirects followed by hand so that every hop is checked, 5xx and timeouts retried.
/// </summary>
public sealed class PageFetcher : IDisposable
{
    const int RobotsMaxBytes = 512 * 1024;

    static readonly string[] HtmlMediaTypes = ["text/html", "application/xhtml+xml"];

    // An unreadable robots.txt blocks its host only briefly, not for a whole cache lifetime.
    static readonly TimeSpan RobotsUnavailableTtl = TimeSpan.FromMinutes(1);

    readonly CrawlerOptions options;
    readonly HttpClient client;
    readonly HostThrottle throttle;
    readonly TimeProvider time;
    readonly Dictionary<string, CachedRobots> robotsByAuthority = [];

    public PageFetcher(CrawlerOptions options, TimeProvider? time = null)
    {
        this.options = options;
        this.time = time ?? TimeProvider.System;
        throttle = new HostThrottle(
            options.RequestsPerSecondPerHost > 0 ? TimeSpan.FromSeconds(1 / options.RequestsPerSecondPerHost) : TimeSpan.Zero,
            this.time);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // A proxy would connect for us, out of reach of the address check.
            UseProxy = false,
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html, application/xhtml+xml;q=0.9, */*;q=0.1");
    }

    /// <summary>Fetches <paramref name="url"/>, a page of <paramref name="site"/>; never throws but for <paramref name="ct"/>.</summary>
    public async Task<FetchResult> FetchAsync(string url, SiteOptions site, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsHttp(uri))
        {
            return new FetchFailure(FetchFailureReason.InvalidUrl, $"not an absolute http(s) URL: {url}");
        }
        for (var attempt = 1; ; attempt++)
        {
            var result = await FetchOnceAsync(uri, site, ct);
            if (result.Succeeded || !result.Failure.RetryNow || attempt >= options.MaxAttempts) return result;
            await Task.Delay(options.RetryBaseDelay * Math.Pow(2, attempt - 1), time, ct);
        }
    }

    public void Dispose() => client.Dispose();

    async Task<FetchResult> FetchOnceAsync(Uri uri, SiteOptions site, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var (response, failure) = await SendAsync(uri, hop => CheckPageHopAsync(hop, site, ct), timeout, ct);
            if (failure is not null) return failure;
            using (response)
            {
                return await ReadPageAsync(uri, response!, timeout.Token);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return ToFailure(e);
        }
    }

    async Task<FetchFailure?> CheckPageHopAsync(Uri uri, SiteOptions site, CancellationToken ct)
    {
        if (CheckTarget(uri, site) is { } refused) return refused;
        var robots = await RobotsAsync(uri, site).WaitAsync(ct);
        if (robots.Unavailable is { } unavailable)
        {
            // When the host itself cannot be reached, that is the page's failure too; a robots.txt
            // that cannot be read for other reasons (5xx) blocks the host for now.
            return unavailable.Reason is FetchFailureReason.PrivateAddress or FetchFailureReason.Timeout or FetchFailureReason.Network
                ? unavailable
                : new FetchFailure(FetchFailureReason.RobotsDisallowed,
                    $"robots.txt unavailable ({unavailable.Detail})", unavailable.StatusCode, IsTransient: true);
        }
        return robots.IsAllowed(uri.PathAndQuery)
            ? null
            : new FetchFailure(FetchFailureReason.RobotsDisallowed, $"robots.txt disallows {uri.PathAndQuery}");
    }

    /// <summary>Every hop, of a page or of a robots.txt, goes only to a host of the site and to an allowed port.</summary>
    FetchFailure? CheckTarget(Uri uri, SiteOptions site)
    {
        if (!site.AllowsHost(uri.Host))
        {
            return new FetchFailure(FetchFailureReason.HostNotAllowed, $"{uri.Host} is not a host of the site");
        }
        return options.AllowsPort(uri.Port)
            ? null
            : new FetchFailure(FetchFailureReason.PortNotAllowed, $"port {uri.Port} is not one the crawler fetches from (Crawler:AllowedPorts)");
    }

    /// <summary>
    /// Sends a GET and follows redirects by hand, each hop checked first. The request timeout
    /// restarts at every hop, once the host's turn has come, and runs on through the body read;
    /// the turn ends with the response headers.
    /// </summary>
    async Task<(HttpResponseMessage? Response, FetchFailure? Failure)> SendAsync(
        Uri uri, Func<Uri, Task<FetchFailure?>> checkHop, CancellationTokenSource timeout, CancellationToken ct)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var redirects = 0; ; redirects++)
        {
            if (!visited.Add(uri.AbsoluteUri))
            {
                return (null, new FetchFailure(FetchFailureReason.TooManyRedirects, $"redirect loop back to {uri}"));
            }
            if (await checkHop(uri) is { } refused) return (null, refused);
            HttpResponseMessage response;
            using (await throttle.WaitTurnAsync(uri.IdnHost, ct))
            {
                timeout.CancelAfter(options.RequestTimeout);
                response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri),
                    HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            var status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is not { } location) return (response, null);
            response.Dispose();
            if (redirects == options.MaxRedirects)
            {
                return (null, new FetchFailure(FetchFailureReason.TooManyRedirects,
                    $"more than {options.MaxRedirects} redirects, last to {location}"));
            }
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!IsHttp(uri))
            {
                return (null, new FetchFailure(FetchFailureReason.InvalidUrl, $"redirect to a non-http URL: {uri}"));
            }
        }
    }

    async Task<FetchResult> ReadPageAsync(Uri requested, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status is < 200 or >= 300) return FetchFailure.ForStatus(status);
        var contentType = response.Content.Headers.ContentType;
        if (contentType?.MediaType is not { } mediaType ||
            !HtmlMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return new FetchFailure(FetchFailureReason.NotHtml, $"Content-Type {contentType?.ToString() ?? "missing"}");
        }
        if (response.Content.Headers.ContentLength > options.MaxBodyBytes)
        {
            return TooLarge($"Content-Length {response.Content.Headers.ContentLength}");
        }
        var (body, complete) = await ReadCappedAsync(response, options.MaxBodyBytes, ct);
        if (!complete) return TooLarge("body");
        return new FetchedPage(
            requested.AbsoluteUri,
            response.RequestMessage?.RequestUri?.AbsoluteUri ?? requested.AbsoluteUri,
            status,
            HtmlDecoding.Decode(body, contentType.CharSet),
            contentType.ToString(),
            response.Content.Headers.LastModified,
            response.Headers.ETag?.ToString());

        FetchFailure TooLarge(string what) =>
            new(FetchFailureReason.TooLarge, $"{what} exceeds {options.MaxBodyBytes} bytes");
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; complete is false when the body goes on past them.</summary>
    static async Task<(byte[] Body, bool Complete)> ReadCappedAsync(HttpResponseMessage response, long maxBytes, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var room = maxBytes - body.Length;
            body.Write(buffer, 0, (int)Math.Min(read, room));
            if (read > room) return (body.ToArray(), false);
        }
        return (body.ToArray(), true);
    }

    /// <summary>The robots.txt of the page's host, read through <paramref name="site"/>'s checks when it is not cached yet.</summary>
    Task<RobotsTxt> RobotsAsync(Uri uri, SiteOptions site)
    {
        var authority = uri.GetLeftPart(UriPartial.Authority);
        lock (robotsByAuthority)
        {
            if (robotsByAuthority.TryGetValue(authority, out var cached) && cached.ExpiresAt > time.GetTimestamp())
            {
                return cached.Robots;
            }
            // Shared by all callers until it expires, so it belongs to none of their cancellations.
            var entry = new CachedRobots();
            entry.Robots = LoadRobotsAsync(authority, site, entry);
            robotsByAuthority[authority] = entry;
            return entry.Robots;
        }
    }

    // Sets the lifetime before any caller sees the rules, so none reads a stale entry after it.
    async Task<RobotsTxt> LoadRobotsAsync(string authority, SiteOptions site, CachedRobots entry)
    {
        var robotsUrl = new Uri(authority + "/robots.txt");
        var robots = await FetchRobotsAsync(robotsUrl, site);
        throttle.SetCrawlDelay(robotsUrl.IdnHost, robots.CrawlDelay);
        var ttl = robots.Unavailable is null ? options.RobotsCacheTtl : RobotsUnavailableTtl;
        lock (robotsByAuthority)
        {
            entry.ExpiresAt = time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency);
        }
        return robots;
    }

    /// <remarks>
    /// A redirect to a host the site does not list is not followed (it could lead anywhere); robots.txt is then
    /// unavailable and the host blocked for now, and the failure names the redirect so the operator can list the host.
    /// </remarks>
    async Task<RobotsTxt> FetchRobotsAsync(Uri robotsUrl, SiteOptions site)
    {
        using var timeout = new CancellationTokenSource();
        try
        {
            var (response, failure) = await SendAsync(robotsUrl, hop => Task.FromResult(CheckTarget(hop, site)), timeout, CancellationToken.None);
            if (failure is not null) return RobotsTxt.FromFailure(failure);
            using (response)
            {
                var status = (int)response!.StatusCode;
                if (status >= 500) return RobotsTxt.FromFailure(FetchFailure.ForStatus(status));
                if (status >= 400) return RobotsTxt.AllowAll;
                if (status is < 200 or >= 300) return RobotsTxt.FromFailure(FetchFailure.ForStatus(status));
                var (body, _) = await ReadCappedAsync(response, RobotsMaxBytes, timeout.Token);
                return RobotsTxt.Parse(HtmlDecoding.Decode(body, "utf-8"), options.UserAgent);
            }
        }
        catch (Exception e)
        {
            return RobotsTxt.FromFailure(ToFailure(e));
        }
    }

    /// <summary>Maps what a fetch throws to a failure, once cancellation by the caller is ruled out.</summary>
    static FetchFailure ToFailure(Exception e) => e switch
    {
        OperationCanceledException => FetchFailure.Timeout("no complete answer in time"),
        HttpRequestException { InnerException: PrivateAddressException refused } =>
            new FetchFailure(FetchFailureReason.PrivateAddress, refused.Message),
        HttpRequestException or IOException => FetchFailure.Network(e.Message),
        // Whatever else a server's answer provokes is its failure, not the caller's crash.
        _ => FetchFailure.Network($"{e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Connects only to addresses that pass the private-address check, so DNS rebinding cannot slip past it.</summary>
    async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        // Literal addresses skip DNS, which refuses some of them (0.0.0.0) before they could be checked.
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var permitted = options.AllowPrivateNetworks ? addresses : addresses.Where(a => !PrivateAddresses.Contains(a)).ToArray();
        if (permitted.Length == 0) throw new PrivateAddressException(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    sealed class CachedRobots
    {
        public Task<RobotsTxt> Robots { get; set; } = null!;

        public long ExpiresAt { get; set; } = long.MaxValue;
    }
}
