using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Tests;

namespace Recommender.Server.Tests.Api;

/// <summary>`recommender extract`, run as the real executable.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Prints_each_field_with_the_rule_that_chose_it_and_the_body()
    {
        var file = data.File("page.html");
        await File.WriteAllTextAsync(file, """
            <html lang="de"><head><title>Ziegen | Inselbote</title>
            <meta property="og:title" content="Wilde Ziegen beherrschten die Insel">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-05T08:00:00+01:00","author":{"name":"Ada Muster"}}</script>
            </head><body><h1>Wilde Ziegen beherrschten die Insel</h1>
            <p>Ein Jahrhundert lang lebten die Ziegen allein auf der Insel, bis die ersten Siedler mit ihren Booten kamen.</p>
            </body></html>
            """);

        using var extract = RecommenderProcess.Start("extract", file, "--url", "https://inselbote.example/2021/03/05/ziegen", "--data", data.File("data"));
        var exitCode = await extract.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, extract.Output);
        var lines = extract.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Title:        Wilde Ziegen beherrschten die Insel  ← meta og:title", lines);
        Assert.Contains("Authors:      Ada Muster  ← JSON-LD author", lines);
        Assert.Contains("PubDate:      2021-03-05T08:00:00+01:00  ← JSON-LD datePublished", lines);
        Assert.Contains("Language:     de  ← html lang", lines);
        Assert.Contains("Section:      (none)", lines);
        Assert.Contains(lines, l => l.StartsWith("Text:         1 paragraphs", StringComparison.Ordinal));
        Assert.Contains("Ein Jahrhundert lang lebten die Ziegen allein auf der Insel, bis die ersten Siedler mit ihren Booten kamen.", lines);
    }

    [Fact]
    public async Task Fetches_a_url_through_the_crawlers_guard()
    {
        await using var site = await TestSite.StartAsync(app => app.MapGet("/page", () => Results.Content("<p>x</p>", "text/html")));

        // The default configuration: ports 80 and 443 only, no private addresses.
        using var extract = RecommenderProcess.Start("extract", site.Url("/page"), "--data", data.File("data"));
        var exitCode = await extract.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, exitCode);
        Assert.Contains("Not fetched: PortNotAllowed", extract.Output);
        Assert.Empty(site.Requests);
    }
}
