using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Server.Tests.Api;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.Sites;

/// <summary>The admin calls, with the site's secret key, over HTTP and through `recommender admin`.</summary>
public sealed class AdminTests
{
    const string Site = Catalogues.SampleSite;

    static async Task<JsonElement> StatsAsync(RunningServer server, string site = Site) =>
        await server.Client.GetFromJsonAsync<JsonElement>($"/admin/stats?apikey={site}");

    [Fact]
    public async Task Stats_delete_and_reindex_act_on_the_sites_articles_with_the_secret_only()
    {
        using var data = new TempDirectory();
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        await using var server = await RunningServer.StartAsync(data.Path, [$"--Sites:{Site}:Defaults:CacheSeconds=0"]);
        var articles = Catalogues.Sample();
        var deleted = articles[0].Url;
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };

        using (var without = await anonymous.GetAsync($"/admin/stats?apikey={Site}"))
            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        using (var without = await anonymous.DeleteAsync($"/admin/article?apikey={Site}&url={Uri.EscapeDataString(deleted)}"))
            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);

        var before = await StatsAsync(server);
        Assert.Equal(articles.Count, before.GetProperty("articles").GetInt32());
        Assert.Equal(articles.Max(a => a.PubDate), before.GetProperty("newest_pub_date").GetDateTimeOffset());

        using (var delete = await server.Client.DeleteAsync($"/admin/article?apikey={Site}&url={Uri.EscapeDataString(deleted)}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var again = await server.Client.DeleteAsync($"/admin/article?apikey={Site}&url={Uri.EscapeDataString(deleted)}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(articles.Count - 1, (await StatsAsync(server)).GetProperty("articles").GetInt32());
        Assert.DoesNotContain(await server.ListAsync($"/search?apikey={Site}&q={Uri.EscapeDataString(articles[0].Title)}"), a => a.Url == deleted);

        using var reindex = await server.Client.PostAsync($"/admin/reindex?apikey={Site}", null);
        Assert.Equal(articles.Count - 1, (await reindex.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reindexed").GetInt32());
        Assert.Equal(articles.Count - 1, (await StatsAsync(server)).GetProperty("articles").GetInt32());
        Assert.Equal(articles[1].Url, (await server.ListAsync($"/search?apikey={Site}&q={Uri.EscapeDataString(articles[1].Title)}"))[0].Url);
    }

    [Fact]
    public async Task Recrawl_crawls_a_page_now()
    {
        await using var publisher = await PublisherSite.StartAsync();
        var server = publisher.Server;
        var indexed = (await StatsAsync(server, PublisherSite.Site)).GetProperty("articles").GetInt32();

        using var recrawl = await server.Client.PostAsync(
            $"/admin/recrawl?apikey={PublisherSite.Site}&url={Uri.EscapeDataString(publisher.Fresh.Url)}", null);

        Assert.Equal(HttpStatusCode.Accepted, recrawl.StatusCode);
        Assert.Equal("Queued", (await recrawl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        await PublisherSite.EventuallyAsync(
            async () => (await StatsAsync(server, PublisherSite.Site)).GetProperty("articles").GetInt32() == indexed + 1, "the page is indexed");
    }

    [Fact]
    public async Task The_admin_command_calls_a_running_server_with_the_secret_from_the_environment()
    {
        using var data = new TempDirectory();
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        await using var server = await RunningServer.StartAsync(data.Path);
        var arguments = new[] { "admin", "stats", "--site", Site, "--server", server.Client.BaseAddress!.AbsoluteUri };

        using var allowed = RecommenderProcess.Start(new Dictionary<string, string> { ["RECOMMENDER_SECRET"] = RunningServer.Secret }, arguments);
        using var refused = RecommenderProcess.Start(new Dictionary<string, string> { ["RECOMMENDER_SECRET"] = "not-the-secret" }, arguments);

        Assert.True(await allowed.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, allowed.Output);
        Assert.Contains($"\"articles\":{Catalogues.Sample().Count}", allowed.Output);
        Assert.Equal(1, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("403", refused.Output);
    }
}
