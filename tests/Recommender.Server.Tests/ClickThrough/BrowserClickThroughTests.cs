using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using Recommender.Core.ClickThrough;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.ClickThrough;

/// <summary>The tag's box in headless Chromium: its impression once it is scrolled into view (with the items it showed), and a click on one of its links.</summary>
public sealed class BrowserClickThroughTests
{
    [SkippableFact]
    public async Task The_box_reports_an_impression_when_seen_and_a_click_on_its_second_link_counts_at_position_2()
    {
        Skip.IfNot(File.Exists(BrowserTagTests.Chromium) && File.Exists(BrowserTagTests.ChromeDriver),
            $"{BrowserTagTests.Chromium} or {BrowserTagTests.ChromeDriver} is missing: install the Debian packages chromium and chromium-driver");
        await using var publisher = await PublisherSite.StartAsync();
        publisher.PageExtras = $$"""
            <div id="related" data-recommender-related data-limit="4"></div>
            <script src="{{publisher.Server.Client.BaseAddress}}tag.js" data-apikey="{{PublisherSite.Site}}" async></script>
            """;

        using var browser = BrowserTagTests.StartChromium();
        browser.Navigate().GoToUrl(publisher.Articles[0].Url);
        await PublisherSite.EventuallyAsync(() => Task.FromResult(browser.FindElements(By.CssSelector("#related li a")).Count == 4), "the box is filled");
        browser.ExecuteScript("document.getElementById('related').scrollIntoView();");
        await PublisherSite.EventuallyAsync(async () => (await RelatedTotalAsync(publisher))?.GetProperty("impressions").GetInt64() == 1, "the impression is counted");

        var links = browser.FindElements(By.CssSelector("#related li a"));
        var shown = links.Select(link => link.GetAttribute("href")!).Select(href => href[..href.IndexOf('?')]).ToList();
        var second = links[1];
        var href = second.GetAttribute("href")!;
        Assert.Matches(@"[?&]rec_id=[0-9a-f]{10}\.related\.\.\.\.2$", href);
        second.Click();

        await PublisherSite.EventuallyAsync(async () => (await RelatedTotalAsync(publisher))?.GetProperty("clicks").GetInt64() == 1, "the click is counted");
        var positions = (await CtrAsync(publisher)).GetProperty("strategies")[0].GetProperty("positions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("position").GetInt32(), p => p.GetProperty("rate").GetProperty("clicks").GetInt64());
        Assert.Equal(new Dictionary<int, long> { [1] = 0, [2] = 1, [3] = 0, [4] = 0 }, positions);
        // The clicked page's address bar no longer carries the id, so a reload would not click again.
        Assert.Equal(href[..href.IndexOf('?')], browser.Url);
        // The impression listed the box's items: each counts as shown once for its article's click-through, the second clicked.
        // (/ctr counts the same batch of events first: waited on, not assumed.)
        var clickThrough = publisher.Server.Services.GetRequiredService<ArticleClickThrough>();
        (int, int)[] expected = [(1, 0), (1, 1), (1, 0), (1, 0)];
        await PublisherSite.EventuallyAsync(() => Task.FromResult(shown.Select(clickThrough.For(PublisherSite.Site).CountsOf).SequenceEqual(expected)),
            "each item is counted as shown and the second as clicked");
    }

    static async Task<JsonElement> CtrAsync(PublisherSite publisher) =>
        (await publisher.Server.Client.GetFromJsonAsync<JsonElement>($"/ctr?apikey={PublisherSite.Site}")).GetProperty("data");

    static async Task<JsonElement?> RelatedTotalAsync(PublisherSite publisher) =>
        (await CtrAsync(publisher)).GetProperty("strategies").EnumerateArray()
            .Where(s => s.GetProperty("strategy").GetString() == "related").Select(s => (JsonElement?)s.GetProperty("total")).FirstOrDefault();
}
