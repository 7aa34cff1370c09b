using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Recommender.Server.Tests.Api;
using Recommender.Tests;

namespace Recommender.Server.Tests.Events;

/// <summary>
/// A publisher on loopback with the recommender beside it: the sample catalogue's articles served as HTML
/// pages of a real site, all indexed but the newest (<see cref="Fresh"/>), which only a crawl can bring in.
/// </summary>
sealed class PublisherSite : IAsyncDisposable
{
    public const string Site = "pub";

    readonly TempDirectory data = new();

    PublisherSite(TestSite web, IReadOnlyList<SampleArticle> articles) => (Web, Articles) = (web, articles);

    public TestSite Web { get; }
    public RunningServer Server { get; private set; } = null!;

    /// <summary>The sample articles at their addresses on this site, newest last.</summary>
    public IReadOnlyList<SampleArticle> Articles { get; }

    /// <summary>The newest article: on the site, not in the index.</summary>
    public SampleArticle Fresh => Articles[^1];

    /// <summary>Markup added at the end of every page's body (the browser test adds the tag here).</summary>
    public string PageExtras { get; set; } = "";

    /// <param name="siteSettings">More settings of the site under <c>Sites:pub:</c>, as <c>Name=value</c>.</param>
    public static async Task<PublisherSite> StartAsync(params string[] siteSettings)
    {
        PublisherSite? publisher = null;
        var web = await TestSite.StartAsync(app => app.MapGet("/{**path}", (HttpContext context) =>
        {
            var article = publisher!.Articles.FirstOrDefault(a => new Uri(a.Url).AbsolutePath == context.Request.Path);
            return article is null ? Results.NotFound() : Results.Content(publisher.Html(article), "text/html; charset=utf-8");
        }));
        var articles = Catalogues.Sample()
            .Select(a => a with { Url = web.Url(new Uri(a.Url).AbsolutePath) })
            .OrderBy(a => a.PubDate)
            .ToList();
        publisher = new PublisherSite(web, articles);

        var lines = File.ReadLines(Catalogues.SamplePath).Where(l => l.Length > 0).Select(l => l.Replace("https://news.example.org/", web.Url("/")));
        Catalogues.Import(publisher.data.Path, Site, lines.Where(l => !l.Contains(publisher.Fresh.Url)));
        string[] configuration =
        [
            "--Crawler:AllowPrivateNetworks=true",
            "--Crawler:RequestsPerSecondPerHost=0",
            $"--Sites:{Site}:AllowedHosts:0={web.BaseUrl.Host}",
            // The test site is plain http on a port of its own: its pages' origin, for CORS.
            $"--Sites:{Site}:Origins:0={web.BaseUrl.GetLeftPart(UriPartial.Authority)}",
            .. siteSettings.Select(setting => $"--Sites:{Site}:{setting}"),
        ];
        publisher.Server = await RunningServer.StartAsync(publisher.data.Path, configuration);
        return publisher;
    }

    /// <summary>An event as the tag sends it; <paramref name="fields"/> add to it or replace its fields.</summary>
    public Dictionary<string, object?> Event(string action, string url, string uuid, params (string Name, object? Value)[] fields)
    {
        var tagEvent = new Dictionary<string, object?> { ["id"] = Guid.NewGuid().ToString(), ["apikey"] = Site, ["action"] = action, ["url"] = url, ["uuid"] = uuid };
        foreach (var (name, value) in fields) tagEvent[name] = value;
        return tagEvent;
    }

    public async Task<HttpResponseMessage> PostAsync(object body, string contentType = "application/json") =>
        await Server.Client.PostAsync("/events", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, contentType));

    /// <summary>Posts the events and fails unless all of them were accepted.</summary>
    public async Task SendAsync(params object[] events)
    {
        using var response = await PostAsync(events);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer);
        Assert.Contains($"\"accepted\":{events.Length}", answer);
    }

    /// <summary>The page's engagement in the last day, as <c>GET /engagement</c> answers it.</summary>
    public async Task<JsonElement> LastDayAsync(string url)
    {
        var answer = await Server.Client.GetFromJsonAsync<JsonElement>($"/engagement?apikey={Site}&url={Uri.EscapeDataString(url)}");
        return answer.GetProperty("data").GetProperty("last_day");
    }

    /// <summary>Waits (a few seconds at most) until <paramref name="condition"/> holds, as the events stream is drained in the background.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(50);
        }
    }

    string Html(SampleArticle article)
    {
        var json = File.ReadLines(Catalogues.SamplePath).First(l => l.Contains(new Uri(article.Url).AbsolutePath));
        var text = JsonDocument.Parse(json).RootElement.GetProperty("text").GetString() ?? "";
        var paragraphs = string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
        var tags = string.Concat(article.Tags.Select(t => $"<meta property=\"article:tag\" content=\"{WebUtility.HtmlEncode(t)}\">"));
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>{WebUtility.HtmlEncode(article.Title)}</title>
            <link rel="canonical" href="{article.Url}">
            <meta property="og:title" content="{WebUtility.HtmlEncode(article.Title)}">
            <meta property="article:published_time" content="{article.PubDate:yyyy-MM-ddTHH:mm:ssZ}">
            <meta property="article:section" content="{WebUtility.HtmlEncode(article.Section)}">
            <meta name="author" content="{WebUtility.HtmlEncode(string.Join(", ", article.Authors))}">
            {tags}
            </head><body>
            <article><h1>{WebUtility.HtmlEncode(article.Title)}</h1>{paragraphs}</article>
            {PageExtras}
            </body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Web.DisposeAsync();
        data.Dispose();
    }
}
