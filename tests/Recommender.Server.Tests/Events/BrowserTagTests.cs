using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Recommender.Core.Indexing;

namespace Recommender.Server.Tests.Events;

/// <summary>
/// The tag in a real browser: headless Debian Chromium reads a publisher's page until its second heartbeat, about
/// 20 seconds. The suite's one slow test; scripts/test installs chromium and chromium-driver where they are missing.
/// </summary>
public sealed class BrowserTagTests
{
    internal const string Chromium = "/usr/bin/chromium";
    internal const string ChromeDriver = "/usr/bin/chromedriver";

    /// <summary>Skips the test where Debian's chromium and chromium-driver are not installed.</summary>
    internal static void SkipWithoutChromium() =>
        Skip.IfNot(File.Exists(Chromium) && File.Exists(ChromeDriver), $"{Chromium} or {ChromeDriver} is missing: install the Debian packages chromium and chromium-driver");

    /// <summary>Two heartbeats take 20 engaged seconds; the rest is for a loaded machine.</summary>
    static readonly TimeSpan Reading = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task A_reader_sends_one_pageview_and_a_heartbeat_per_10_engaged_seconds_gets_the_article_indexed_and_sees_related_links()
    {
        SkipWithoutChromium();
        await using var publisher = await PublisherSite.StartAsync();
        // The page keeps its reader active itself: a mouse move and a scroll every half second.
        publisher.PageExtras = $$"""
            <div id="related" data-recommender-related data-limit="4"></div>
            <script src="{{publisher.Server.Client.BaseAddress}}tag.js" data-apikey="{{PublisherSite.Site}}" async></script>
            <script>
              setInterval(function () {
                window.dispatchEvent(new MouseEvent('mousemove'));
                window.dispatchEvent(new Event('scroll'));
              }, 500);
            </script>
            """;
        var article = publisher.Fresh.Url;

        List<string> relatedLinks;
        using (var browser = StartChromium())
        {
            browser.Navigate().GoToUrl(article);
            // Read (the page still open) until the second heartbeat is counted and the related box is filled.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            System.Text.Json.JsonElement day;
            while (true)
            {
                relatedLinks = [.. browser.FindElements(By.CssSelector("#related li a")).Select(link => link.GetAttribute("href") ?? "")];
                day = await publisher.LastDayAsync(article);
                if (day.GetProperty("heartbeats").GetDouble() >= 2 && relatedLinks.Count > 0) break;
                Assert.True(clock.Elapsed < Reading, $"no second heartbeat or related links after {Reading}");
                await Task.Delay(200);
            }
            Assert.Equal(1, day.GetProperty("views").GetDouble());
            Assert.Equal(1, day.GetProperty("unique_readers").GetDouble(), precision: 0);
            // 20 s of engaged reading: heartbeats at 10 and 20 s, the rest still counting in the page.
            Assert.Equal(2, day.GetProperty("heartbeats").GetDouble());
            Assert.Equal(20, day.GetProperty("engaged_seconds").GetDouble());
            Assert.Equal(1, day.GetProperty("referrals").GetProperty("direct").GetDouble());
        }

        Assert.True(publisher.Server.Services.GetRequiredService<ArticleIndex>().Contains(PublisherSite.Site, article), "the article read was crawled and indexed");
        Assert.Equal(4, relatedLinks.Count);
        Assert.All(relatedLinks, link => Assert.StartsWith(publisher.Web.BaseUrl.AbsoluteUri, link));
        Assert.DoesNotContain(article, relatedLinks);
    }

    internal static ChromeDriver StartChromium()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
