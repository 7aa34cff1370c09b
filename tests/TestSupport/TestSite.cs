using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.Core.Sites;

namespace Recommender.Tests;

/// <summary>A real Kestrel site on 127.0.0.1 (port chosen by the system) that records every request it receives.</summary>
sealed class TestSite : IAsyncDisposable
{
    readonly WebApplication app;

    TestSite(WebApplication app, Uri baseUrl) => (this.app, BaseUrl) = (app, baseUrl);

    public Uri BaseUrl { get; }

    /// <summary>Paths requested, in order of arrival, with the server's clock at arrival.</summary>
    public ConcurrentQueue<(string Path, TimeSpan At)> Requests { get; } = new();

    public SiteOptions Site => new() { AllowedHosts = [BaseUrl.Host] };

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).AbsoluteUri;

    public int CountOf(string path) => Requests.Count(r => r.Path == path);

    /// <summary>
    /// The requests for <paramref name="path"/> once there are at least <paramref name="count"/>, waiting up to 10 s for
    /// them: a client that gave up on a slow answer returns as soon as its timeout passes, and on a loaded machine the
    /// server may not yet have read its request.
    /// </summary>
    public async Task<int> CountOfAtLeastAsync(string path, int count)
    {
        await Wait.UntilAsync(() => CountOf(path) >= count, TimeSpan.FromSeconds(10));
        return CountOf(path);
    }

    public static async Task<TestSite> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var clock = Stopwatch.StartNew();
        TestSite? site = null;
        app.Use((context, next) =>
        {
            site!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, clock.Elapsed));
            return next(context);
        });
        map(app);
        await app.StartAsync();
        site = new TestSite(app, new Uri(app.Urls.Single()));
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
