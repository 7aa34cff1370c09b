using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Recommender.Server.Tests.Api;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.Demo;

/// <summary>The demo publisher at <c>/</c>: a reader in headless Chromium, and its absence in Production.</summary>
public sealed class DemoSiteTests
{
    const int BoxSize = 6;

    /// <summary>Long enough for a page, the tag and a /related answer on a loaded machine.</summary>
    static readonly TimeSpan PageWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task There_is_no_demo_in_Production_even_with_the_sample_loaded()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, ["--environment=Production", "--Samples:LoadWhenEmpty=true"]);

        Assert.NotEmpty(await server.ListAsync($"/related?apikey={SampleCatalogue.Site}&url={Uri.EscapeDataString(Catalogues.Sample()[0].Url)}"));
        using var front = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, front.StatusCode);
        using var article = await server.Client.GetAsync("/demo" + new Uri(Catalogues.Sample()[0].Url).AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, article.StatusCode);
    }

    [SkippableFact]
    public async Task Clicking_through_three_articles_of_one_section_turns_the_box_toward_that_section_and_the_tags_events_arrive()
    {
        BrowserTagTests.SkipWithoutChromium();
        using var data = new TempDirectory();
        // As `dotnet run` starts it: Development, which loads the sample into the empty data folder.
        await using var server = await RunningServer.StartAsync(data.Path, ["--environment=Development", RunningServer.SecretSetting(SampleCatalogue.Site)]);
        var home = server.Client.BaseAddress!;
        var sections = Catalogues.Sample().Select(a => a.Section).Distinct().ToList();

        using var browser = BrowserTagTests.StartChromium();
        browser.Navigate().GoToUrl(home);
        var before = BoxSections(browser);
        // The section the new reader's box shows least (the site's newest articles, a mix), so the change is the reader's doing.
        var section = sections.OrderBy(s => before.Count(b => b == s)).ThenBy(s => s, StringComparer.Ordinal).First();

        var read = new List<string>();
        browser.FindElement(By.CssSelector($"#section-{section} a")).Click();
        for (var click = 1; click <= 3; click++)
        {
            WaitFor(browser, () => browser.Url.Contains($"/demo/{section}/", StringComparison.Ordinal) && !read.Contains(browser.Url), "the next article");
            read.Add(browser.Url);
            BoxSections(browser);
            if (click < 3) browser.FindElements(By.CssSelector("#more-in-section a")).First(a => !read.Contains(a.GetAttribute("href") ?? "")).Click();
        }
        browser.FindElement(By.Id("home")).Click();
        WaitFor(browser, () => new Uri(browser.Url).AbsolutePath == "/", "the front page");
        var after = BoxSections(browser);

        Assert.True(after.Count(s => s == section) > before.Count(s => s == section) && after.Count(s => s == section) >= BoxSize / 2,
            $"{section} in the box before: [{string.Join(", ", before)}], after three {section} articles: [{string.Join(", ", after)}]");
        // The box's links open the demo's pages (the tag's box, its links rewritten to this host, query strings kept for rec_id).
        Assert.All(browser.FindElements(By.CssSelector("#related li a")), a => Assert.StartsWith(new Uri(home, "/demo/").AbsoluteUri, a.GetAttribute("href")));
        // Five pages, five pageviews from the tag (beacons may still be on their way when the page changes).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await server.Client.GetFromJsonAsync<JsonElement>("/events/stats")).GetProperty("accepted").GetInt64() < 5)
        {
            Assert.True(clock.Elapsed < PageWait, "the tag's five pageviews did not arrive");
            await Task.Delay(100);
        }
        // A click in the box is a click on its answer: the link carries the answer's rec_id and position, and the next
        // page's pageview brings it back, so /ctr counts it.
        browser.FindElements(By.CssSelector("#related li a"))[0].Click();
        WaitFor(browser, () => new Uri(browser.Url).AbsolutePath.StartsWith("/demo/", StringComparison.Ordinal), "the article clicked in the box");
        using var backend = RunningServer.BackendClient(home);
        clock.Restart();
        while (!(await backend.GetFromJsonAsync<JsonElement>($"/ctr?apikey={SampleCatalogue.Site}")).GetProperty("data").GetProperty("strategies").EnumerateArray()
                   .Any(s => s.GetProperty("total").GetProperty("clicks").GetInt64() >= 1))
        {
            Assert.True(clock.Elapsed < PageWait, "the click in the box did not show in /ctr");
            await Task.Delay(100);
        }
    }

    /// <summary>The sections of the related box once the tag has filled it, read from the demo paths of its links.</summary>
    static List<string> BoxSections(ChromeDriver browser)
    {
        List<string> links = [];
        WaitFor(browser, () =>
        {
            links = [.. browser.FindElements(By.CssSelector("#related li a")).Select(a => a.GetAttribute("href") ?? "")];
            return links.Count == BoxSize && links.All(l => l.Contains("/demo/", StringComparison.Ordinal));
        }, "the related box");
        return [.. links.Select(l => new Uri(l).Segments[2].TrimEnd('/'))];
    }

    static void WaitFor(ChromeDriver browser, Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < PageWait, $"no {what} after {PageWait} at {browser.Url}");
            Thread.Sleep(100);
        }
    }
}
