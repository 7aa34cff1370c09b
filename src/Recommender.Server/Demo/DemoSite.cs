using System.Net;
using System.Text;
using Recommender.Core.Articles;
using Recommender.Core.Profiles;
using Recommender.Server.Requests;

namespace Recommender.Server.Demo;

/// <summary>
/// A small publisher at <c>/</c>, in the Development environment only: a front page and article pages built from the
/// sample catalogue, carrying the real tag (pageviews and heartbeats to <c>/events</c>) and its related box, so a newcomer
/// sees events flow, their profile train and the box change as they click. Opening an article trains the reader's
/// profile, as a publisher's backend does with <c>POST /profile</c>; the reader is the tag's first-party cookie id.
/// The site allows the loopback hosts the demo is served on (appsettings.Development.json), and each page's canonical
/// link names the catalogue's article, so events and the box count the article itself.
/// </summary>
public static class DemoSite
{
    /// <summary>Where an article of the catalogue lives on the demo: this, then the path of its catalogue URL.</summary>
    const string ArticlePrefix = "/demo";

    /// <summary>The tag's reader cookie (tag.js): the demo's backend reads it as a publisher's would read its own login.</summary>
    const string ReaderCookie = "_rec_uuid";

    public static void MapDemoSite(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || SampleCatalogue.Articles() is not { Count: > 0 } articles) return;
        var byPath = articles.ToDictionary(a => new Uri(a.Url).AbsolutePath, StringComparer.Ordinal);

        app.MapGet("/", () => Page("News Example: a demo publisher", "", FrontPage(articles)))
            .ExcludeFromDescription();
        app.MapGet(ArticlePrefix + "/{**path}", async (string path, HttpRequest request, IProfileStore profiles, TimeProvider clock, CancellationToken cancel) =>
            {
                if (!byPath.TryGetValue("/" + path, out var article)) return Results.NotFound();
                var errors = new RequestErrors();
                if (SiteRequest.CheckUuid(request.Cookies[ReaderCookie], errors) is { } uuid)
                    await profiles.TrainAsync(SampleCatalogue.Site, uuid, article.Url, clock.GetUtcNow(), 1, cancel);
                return Page(article.Title, $"""<link rel="canonical" href="{Encode(article.Url)}">""", ArticlePage(article, articles));
            })
            .ExcludeFromDescription();
    }

    static string FrontPage(IReadOnlyList<Article> articles)
    {
        var html = new StringBuilder();
        html.Append("""
            <aside><h2>Recommended for you</h2><div id="related" data-recommender-related data-limit="6"></div></aside>
            """);
        foreach (var section in articles.GroupBy(a => a.Section ?? "news").OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            html.Append($"""<section id="section-{Encode(section.Key)}"><h2>{Encode(section.Key)}</h2><ul>""");
            foreach (var article in section.OrderByDescending(a => a.PubDate)) html.Append($"<li>{Link(article)}</li>");
            html.Append("</ul></section>");
        }
        return html.ToString();
    }

    static string ArticlePage(Article article, IReadOnlyList<Article> articles)
    {
        var more = articles.Where(a => a.Section == article.Section && a.Url != article.Url).OrderByDescending(a => a.PubDate);
        var paragraphs = article.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return $"""
            <article><p class="section">{Encode(article.Section ?? "")}</p><h1>{Encode(article.Title)}</h1>
            <p class="description">{Encode(article.Description ?? "")}</p>
            {string.Concat(paragraphs.Select(p => $"<p>{Encode(p)}</p>"))}</article>
            <aside><h2>Read next</h2><div id="related" data-recommender-related data-limit="6"></div>
            <h2>More in {Encode(article.Section ?? "news")}</h2><ul id="more-in-section">{string.Concat(more.Select(a => $"<li>{Link(a)}</li>"))}</ul></aside>
            """;
    }

    static IResult Page(string title, string head, string body) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}}</title>{{head}}
        <style>
          body { font-family: Georgia, serif; max-width: 60rem; margin: 0 auto; padding: 1rem; display: grid; grid-template-columns: 2fr 1fr; gap: 2rem; }
          header, footer { grid-column: 1 / -1; } header a { color: inherit; text-decoration: none; }
          aside { grid-column: 2; grid-row: 2 / span 20; background: #f4f1ea; padding: 0 1rem; } .section { text-transform: uppercase; color: #a33; }
          footer { font-family: sans-serif; font-size: .85rem; color: #555; border-top: 1px solid #ccc; }
        </style></head>
        <body><header><h1><a id="home" href="/">News Example</a></h1>
        <p>A demo publisher from the sample catalogue. Open a few articles of one section and watch the box change.</p></header>
        {{body}}
        <footer><p>Every page carries the real tag (<code>/tag.js</code>): it sends a pageview and engaged-time heartbeats to
        <code>/events</code> and fills the box from <code>/related?url=&amp;uuid=</code>. Opening an article trains your profile,
        as a publisher's backend does with <code>POST /profile</code>. Events accepted so far: <b id="events">…</b>
        (<a href="/events/stats">/events/stats</a>).</p></footer>
        <script>
          // The box links to the catalogue's own addresses; here they open the demo's copy, keeping the query string
          // (where the answer's recommendation id travels with each click).
          new MutationObserver(function () {
            document.querySelectorAll('[data-recommender-related] a').forEach(function (a) {
              var url = new URL(a.href);
              if (url.host === '{{SampleCatalogue.Site}}') a.href = '{{ArticlePrefix}}' + url.pathname + url.search + url.hash;
            });
          }).observe(document.body, { childList: true, subtree: true });
          function showEvents() {
            fetch('/events/stats').then(function (r) { return r.json(); })
              .then(function (stats) { document.getElementById('events').textContent = stats.accepted; }).catch(function () {});
          }
          showEvents();
          setInterval(showEvents, 2000);
        </script>
        <script src="/tag.js" data-apikey="{{SampleCatalogue.Site}}" async></script>
        </body></html>
        """, "text/html; charset=utf-8");

    static string Link(Article article) =>
        $"""<a href="{ArticlePrefix}{Encode(new Uri(article.Url).AbsolutePath)}">{Encode(article.Title)}</a>""";

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}
