using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Sites;
using Recommender.Crawler.Fetching;
using Recommender.Tests;

namespace Recommender.Crawler.Tests.Fetching;

public class PageFetcherTests
{
    const string Html = "text/html; charset=utf-8";

    internal static CrawlerOptions TestOptions() => new()
    {
        AllowPrivateNetworks = true,
        RequestsPerSecondPerHost = 0,
        RequestTimeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    };

    static async Task<FetchResult> FetchAsync(TestSite site, string path, CrawlerOptions? options = null, SiteOptions? siteOptions = null)
    {
        using var fetcher = new PageFetcher(options ?? TestOptions());
        return await fetcher.FetchAsync(site.Url(path), siteOptions ?? site.Site);
    }

    static FetchFailure AssertFailed(FetchResult result, FetchFailureReason reason)
    {
        Assert.False(result.Succeeded, $"expected {reason}, got {result}");
        Assert.Equal(reason, result.Failure.Reason);
        return result.Failure;
    }

    [Fact]
    public async Task Fetches_a_page_decoding_the_charset_of_its_content_type()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/article", (HttpContext context) =>
        {
            context.Response.Headers.ETag = "\"v1\"";
            return Results.Bytes(Encoding.Latin1.GetBytes("<html><body>Café</body></html>"), "text/html; charset=iso-8859-1");
        }));

        var result = await FetchAsync(site, "/article");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("<html><body>Café</body></html>", result.Page.Html);
        Assert.Equal(site.Url("/article"), result.Page.FinalUrl);
        Assert.Equal(200, result.Page.StatusCode);
        Assert.Equal("\"v1\"", result.Page.ETag);
    }

    [Fact]
    public async Task Decodes_with_the_meta_charset_when_the_header_names_none()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/meta", () => Results.Bytes(
            CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body>\u20ac 5</body></html>"),
            "text/html")));

        var result = await FetchAsync(site, "/meta");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("\u20ac 5", result.Page.Html);
    }

    [Fact]
    public async Task Obeys_robots_txt_and_never_requests_a_disallowed_page()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /private\n\nUser-agent: OtherBot\nDisallow: /\n");
            app.MapGet("/private/page", () => Results.Content("<p>secret</p>", Html));
            app.MapGet("/public/page", () => Results.Content("<p>open</p>", Html));
        });
        using var fetcher = new PageFetcher(TestOptions());

        var disallowed = await fetcher.FetchAsync(site.Url("/private/page"), site.Site);
        var allowed = await fetcher.FetchAsync(site.Url("/public/page"), site.Site);

        AssertFailed(disallowed, FetchFailureReason.RobotsDisallowed);
        Assert.True(allowed.Succeeded, allowed.ToString());
        Assert.Equal(0, site.CountOf("/private/page"));
        Assert.Equal(1, site.CountOf("/robots.txt"));
    }

    [Fact]
    public async Task Reads_robots_txt_again_once_its_cache_lifetime_is_over()
    {
        var robots = "User-agent: *\nDisallow:\n";
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => robots);
            app.MapGet("/page", () => Results.Content("<p>x</p>", Html));
        });
        var options = TestOptions();
        options.RobotsCacheTtl = TimeSpan.Zero;
        using var fetcher = new PageFetcher(options);

        var before = await fetcher.FetchAsync(site.Url("/page"), site.Site);
        robots = "User-agent: *\nDisallow: /page\n";
        var after = await fetcher.FetchAsync(site.Url("/page"), site.Site);

        Assert.True(before.Succeeded, before.ToString());
        AssertFailed(after, FetchFailureReason.RobotsDisallowed);
        Assert.Equal(2, site.CountOf("/robots.txt"));
    }

    [Fact]
    public async Task Robots_txt_server_error_disallows_for_now_and_missing_robots_txt_allows_all()
    {
        await using var failing = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(503));
            app.MapGet("/page", () => Results.Content("<p>x</p>", Html));
        });
        await using var missing = await TestSite.StartAsync(app => app.MapGet("/page", () => Results.Content("<p>x</p>", Html)));

        var blocked = AssertFailed(await FetchAsync(failing, "/page"), FetchFailureReason.RobotsDisallowed);
        var allowed = await FetchAsync(missing, "/page");

        Assert.True(blocked.IsTransient);
        Assert.Equal(0, failing.CountOf("/page"));
        Assert.True(allowed.Succeeded, allowed.ToString());
    }

    [Fact]
    public async Task Follows_a_redirect_chain_and_reports_the_final_url()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/older"));
            app.MapGet("/older", (HttpContext context) => Results.Redirect($"http://{context.Request.Host}/new?id=1", permanent: true));
            app.MapGet("/new", () => Results.Content("<p>moved</p>", Html));
        });

        var result = await FetchAsync(site, "/old");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(site.Url("/new?id=1"), result.Page.FinalUrl);
        Assert.Equal(site.Url("/old"), result.Page.Url);
    }

    [Fact]
    public async Task Refuses_a_redirect_loop_and_a_chain_longer_than_the_limit()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/ping", () => Results.Redirect("/pong"));
            app.MapGet("/pong", () => Results.Redirect("/ping"));
            app.MapGet("/hop/{n:int}", (int n) => Results.Redirect($"/hop/{n + 1}"));
        });
        var options = TestOptions();
        options.MaxRedirects = 3;

        var loop = AssertFailed(await FetchAsync(site, "/ping", options), FetchFailureReason.TooManyRedirects);
        AssertFailed(await FetchAsync(site, "/hop/0", options), FetchFailureReason.TooManyRedirects);

        Assert.Contains("loop", loop.Detail);
        Assert.Equal(1, site.CountOf("/ping"));
        Assert.Equal(4, site.Requests.Count(r => r.Path.StartsWith("/hop/")));
    }

    [Fact]
    public async Task Not_found_is_a_permanent_http_status_failure_tried_once()
    {
        await using var site = await TestSite.StartAsync(_ => { });

        var failure = AssertFailed(await FetchAsync(site, "/gone"), FetchFailureReason.HttpStatus);

        Assert.Equal(404, failure.StatusCode);
        Assert.False(failure.IsTransient);
        Assert.Equal(1, site.CountOf("/gone"));
    }

    [Fact]
    public async Task Retries_a_server_error_and_returns_the_later_success()
    {
        var calls = 0;
        await using var site = await TestSite.StartAsync(app => app.MapGet("/flaky", () =>
            Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(500) : Results.Content("<p>ok</p>", Html)));

        var result = await FetchAsync(site, "/flaky");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, site.CountOf("/flaky"));
    }

    [Fact]
    public async Task Gives_up_on_server_errors_after_the_last_attempt()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/down", () => Results.StatusCode(503)));
        var options = TestOptions();
        options.MaxAttempts = 3;

        var failure = AssertFailed(await FetchAsync(site, "/down", options), FetchFailureReason.HttpStatus);

        Assert.Equal(503, failure.StatusCode);
        Assert.True(failure.IsTransient);
        Assert.Equal(3, site.CountOf("/down"));
    }

    [Fact]
    public async Task A_response_slower_than_the_request_timeout_is_a_timeout()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/quick", () => Results.Content("<p>quick</p>", Html));
            app.MapGet("/slow", async (HttpContext context) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                return Results.Content("<p>late</p>", Html);
            });
        });
        var options = TestOptions();
        options.MaxAttempts = 2;
        using var fetcher = new PageFetcher(options);
        // A quick page first, at the usual 5 s, so that robots.txt is read and kept and the site has answered once before
        // the timed fetch. A new site's first answer can take more than 1 s on a loaded machine, and a robots.txt that
        // times out fails the page as a timeout without asking for it (and is kept a minute, so the retry fails alike):
        // the likely cause of this test's two failures in fresh-clone CI runs (their messages were not printed).
        Assert.True((await fetcher.FetchAsync(site.Url("/quick"), site.Site)).Succeeded);
        // Read at each request. Long enough for each attempt to reach the site while the other test classes run beside
        // it: at 300 ms the second attempt sometimes timed out before the server saw it (1 of 8 runs of the crawler's tests).
        options.RequestTimeout = TimeSpan.FromSeconds(1);

        AssertFailed(await fetcher.FetchAsync(site.Url("/slow"), site.Site), FetchFailureReason.Timeout);

        // The fetch gives up when the second attempt's timeout passes, which on a loaded machine can come before the site
        // has read that request: wait for the site to see it.
        Assert.Equal(2, await site.CountOfAtLeastAsync("/slow", 2));
    }

    [Fact]
    public async Task A_connection_not_accepted_in_time_is_a_timeout()
    {
        // A listener that never accepts: once its backlog is full, further connects hang unanswered.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            _ = filler.ConnectAsync(endPoint);
        }
        var options = TestOptions();
        options.ConnectTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxAttempts = 1;
        using var fetcher = new PageFetcher(options);

        var result = await fetcher.FetchAsync($"http://127.0.0.1:{endPoint.Port}/page", new SiteOptions { AllowedHosts = ["127.0.0.1"] });

        fillers.ForEach(f => f.Dispose());
        Assert.True(AssertFailed(result, FetchFailureReason.Timeout).IsTransient);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_network_failure()
    {
        int closedPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using var fetcher = new PageFetcher(TestOptions());

        var result = await fetcher.FetchAsync($"http://127.0.0.1:{closedPort}/page", new SiteOptions { AllowedHosts = ["127.0.0.1"] });

        Assert.True(AssertFailed(result, FetchFailureReason.Network).IsTransient);
    }

    [Fact]
    public async Task A_body_past_the_cap_is_too_large_whether_announced_or_not()
    {
        var big = "<p>" + new string('x', 5000) + "</p>";
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/announced", () => Results.Content(big, Html));
            app.MapGet("/streamed", async (HttpContext context) =>
            {
                context.Response.ContentType = Html;
                for (var i = 0; i < 10; i++)
                {
                    await context.Response.WriteAsync(big[..500]);
                    await context.Response.Body.FlushAsync();
                }
            });
        });
        var options = TestOptions();
        options.MaxBodyBytes = 1000;

        var announced = AssertFailed(await FetchAsync(site, "/announced", options), FetchFailureReason.TooLarge);
        var streamed = AssertFailed(await FetchAsync(site, "/streamed", options), FetchFailureReason.TooLarge);

        Assert.Contains("Content-Length", announced.Detail);
        Assert.DoesNotContain("Content-Length", streamed.Detail);
    }

    [Fact]
    public async Task Refuses_content_that_is_not_html()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/data", () => Results.Json(new { html = false }));
            app.MapGet("/xhtml", () => Results.Content("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", "application/xhtml+xml"));
        });

        var failure = AssertFailed(await FetchAsync(site, "/data"), FetchFailureReason.NotHtml);
        var xhtml = await FetchAsync(site, "/xhtml");

        Assert.Contains("application/json", failure.Detail);
        Assert.True(xhtml.Succeeded, xhtml.ToString());
    }

    [Fact]
    public async Task Fetches_nothing_from_a_host_the_site_does_not_allow_even_through_a_redirect()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/page", () => Results.Content("<p>x</p>", Html));
            app.MapGet("/elsewhere", (HttpContext context) =>
                Results.Redirect($"http://localhost:{context.Request.Host.Port}/page"));
        });
        var otherSite = new SiteOptions { AllowedHosts = ["news.example"] };

        AssertFailed(await FetchAsync(site, "/page", siteOptions: otherSite), FetchFailureReason.HostNotAllowed);
        var redirected = AssertFailed(await FetchAsync(site, "/elsewhere"), FetchFailureReason.HostNotAllowed);

        Assert.Contains("localhost", redirected.Detail);
        Assert.Equal(["/robots.txt", "/elsewhere"], site.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Does_not_follow_a_robots_txt_redirect_to_a_host_the_site_does_not_allow()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext context) => Results.Redirect($"http://localhost:{context.Request.Host.Port}/elsewhere/robots.txt"));
            app.MapGet("/elsewhere/robots.txt", () => "User-agent: *\nDisallow:\n");
            app.MapGet("/page", () => Results.Content("<p>x</p>", Html));
        });

        var failure = AssertFailed(await FetchAsync(site, "/page"), FetchFailureReason.RobotsDisallowed);

        Assert.Contains("localhost is not a host of the site", failure.Detail);
        Assert.Equal(["/robots.txt"], site.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Fetches_only_ports_80_and_443_unless_other_ports_are_configured()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/page", () => Results.Content("<p>x</p>", Html)));
        var options = TestOptions();
        options.AllowPrivateNetworks = false;
        using var defaultPorts = new PageFetcher(options);
        var configured = TestOptions();
        configured.AllowedPorts = [site.BaseUrl.Port];
        using var configuredPorts = new PageFetcher(configured);
        var otherPort = TestOptions();
        otherPort.AllowedPorts = [site.BaseUrl.Port + 1];
        using var otherPorts = new PageFetcher(otherPort);

        var refused = AssertFailed(await defaultPorts.FetchAsync(site.Url("/page"), site.Site), FetchFailureReason.PortNotAllowed);
        AssertFailed(await otherPorts.FetchAsync(site.Url("/page"), site.Site), FetchFailureReason.PortNotAllowed);
        Assert.Empty(site.Requests);
        var allowed = await configuredPorts.FetchAsync(site.Url("/page"), site.Site);

        Assert.Contains($"port {site.BaseUrl.Port}", refused.Detail);
        Assert.True(allowed.Succeeded, allowed.ToString());
        Assert.True(options.AllowsPort(80) && options.AllowsPort(443) && !options.AllowsPort(8080) && !options.AllowsPort(6379));
    }

    [Fact]
    public async Task Spaces_requests_to_a_host_by_its_robots_txt_crawl_delay()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nCrawl-delay: 0.3\nDisallow: /private\n");
            app.MapGet("/page/{n:int}", () => Results.Content("<p>x</p>", Html));
        });
        var options = TestOptions(); // no spacing of its own: RequestsPerSecondPerHost = 0
        using var fetcher = new PageFetcher(options);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(n => fetcher.FetchAsync(site.Url($"/page/{n}"), site.Site)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        var arrivals = site.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(4, arrivals.Count); // robots.txt and three pages
        Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(300),
            $"requests {(pair.Second - pair.First).TotalMilliseconds} ms apart"));
    }

    [Fact]
    public async Task Refuses_private_addresses_unless_private_networks_are_allowed()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/page", () => Results.Content("<p>x</p>", Html)));
        var options = TestOptions();
        options.AllowPrivateNetworks = false;
        options.AllowedPorts = [site.BaseUrl.Port];
        var localhostSite = new SiteOptions { AllowedHosts = ["localhost"] };
        using var fetcher = new PageFetcher(options);

        var byAddress = await fetcher.FetchAsync(site.Url("/page"), site.Site);
        var byName = await fetcher.FetchAsync($"http://localhost:{site.BaseUrl.Port}/page", localhostSite);

        AssertFailed(byAddress, FetchFailureReason.PrivateAddress);
        AssertFailed(byName, FetchFailureReason.PrivateAddress);
        foreach (var host in new[] { "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "127.1.2.3" })
        {
            var literal = new Uri($"http://{host}:{site.BaseUrl.Port}/page");
            var result = await fetcher.FetchAsync(literal.AbsoluteUri, new SiteOptions { AllowedHosts = [literal.Host] });
            Assert.True(result.Failure?.Reason == FetchFailureReason.PrivateAddress, $"{host}: {result}");
        }
        Assert.Empty(site.Requests);
    }

    [Fact]
    public async Task Spaces_requests_to_one_host_by_the_rate_limit()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/page/{n:int}", () => Results.Content("<p>x</p>", Html)));
        var options = TestOptions();
        options.RequestsPerSecondPerHost = 5;
        var interval = TimeSpan.FromMilliseconds(200);
        using var fetcher = new PageFetcher(options);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => fetcher.FetchAsync(site.Url($"/page/{n}"), site.Site)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        var arrivals = site.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(5, arrivals.Count); // robots.txt and four pages
        Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.True(pair.Second - pair.First >= interval,
            $"requests {(pair.Second - pair.First).TotalMilliseconds} ms apart"));
    }

    [Fact]
    public async Task Different_hosts_do_not_wait_for_each_other()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/page", () => Results.Content("<p>x</p>", Html)));
        var options = TestOptions();
        // A long spacing, so that a busy machine delaying one name's robots.txt cannot reorder the requests.
        options.RequestsPerSecondPerHost = 0.25;
        var bothNames = new SiteOptions { AllowedHosts = ["127.0.0.1", "localhost"] };
        using var fetcher = new PageFetcher(options);

        // The same server under two host names: each name gets robots.txt, then the page 4 s later; waiting for
        // each other, the second name's robots.txt would come after the first name's page.
        var results = await Task.WhenAll(
            fetcher.FetchAsync(site.Url("/page"), bothNames),
            fetcher.FetchAsync($"http://localhost:{site.BaseUrl.Port}/page", bothNames));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Equal(["/robots.txt", "/robots.txt", "/page", "/page"], site.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Rejects_urls_that_are_not_absolute_http()
    {
        using var fetcher = new PageFetcher(TestOptions());
        var site = new SiteOptions { AllowedHosts = ["news.example"] };

        foreach (var url in new[] { "", "/relative", "ftp://news.example/a", "javascript:alert(1)", "http://" })
        {
            AssertFailed(await fetcher.FetchAsync(url, site), FetchFailureReason.InvalidUrl);
        }
    }
}
