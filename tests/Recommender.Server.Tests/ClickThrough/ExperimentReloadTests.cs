using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Recommender.Core.ClickThrough;
using Recommender.Server.Tests.Api;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.ClickThrough;

/// <summary>Editing a site's experiment in its configuration file starts a new one, without a restart.</summary>
public sealed class ExperimentReloadTests : IDisposable
{
    const string Site = Catalogues.SampleSite;
    readonly TempDirectory folder = new();

    string DataDirectory => Path.Combine(folder.Path, "data");

    public ExperimentReloadTests() => Catalogues.Import(DataDirectory, Site, File.ReadLines(Catalogues.SamplePath));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_edit_of_the_arms_starts_a_new_version_and_the_report_keeps_the_old_one_apart()
    {
        var settings = folder.File("editor-settings.json");
        void Write(double shareOfA)
        {
            var arms = new JsonObject { ["a"] = new JsonObject { ["Share"] = shareOfA }, ["b"] = new JsonObject { ["Share"] = 1 - shareOfA } };
            var site = new JsonObject { ["Experiments"] = new JsonObject { ["boxes"] = new JsonObject { ["Arms"] = arms } } };
            File.WriteAllText(settings + ".tmp", new JsonObject { ["Sites"] = new JsonObject { [Site] = site } }.ToJsonString());
            File.Move(settings + ".tmp", settings, overwrite: true);
        }
        Write(0.5);
        await using var server = await RunningServer.StartAsync(DataDirectory,
            customize: builder => builder.Configuration.AddJsonFile(settings, optional: false, reloadOnChange: true));
        var first = Assert.Single(await ReportAsync(server));
        var page = Uri.EscapeDataString(Catalogues.Sample()[0].Url);
        var answer = await server.Client.GetFromJsonAsync<JsonElement>($"/related?apikey={Site}&url={page}&uuid=r1");
        var recId = answer.GetProperty("rec_id").GetString()!;
        Assert.Equal(first.Version, RecommendationId.Parse(recId)!.Arm!.Version);
        // Its box seen once: the first experiment has counts to report after it ends.
        await server.Client.PostAsJsonAsync("/events", new { id = "i1", apikey = Site, action = "impression", url = Catalogues.Sample()[0].Url, uuid = "r1", rec_id = recId, items = 3 });
        await PublisherSite.EventuallyAsync(async () => (await server.Client.GetStringAsync($"/ctr?apikey={Site}")).Contains("\"impressions\":1"), "the impression is counted");

        Write(0.2);

        await PublisherSite.EventuallyAsync(async () => (await ReportAsync(server)).Count == 2, "the edited experiment is a new one");
        var report = await ReportAsync(server);
        Assert.False(report.Single(e => e.Version == first.Version).Running);
        var second = report.Single(e => e.Version != first.Version);
        Assert.True(second.Running);
        answer = await server.Client.GetFromJsonAsync<JsonElement>($"/related?apikey={Site}&url={page}&uuid=r1");
        Assert.Equal(second.Version, RecommendationId.Parse(answer.GetProperty("rec_id").GetString())!.Arm!.Version);
    }

    static async Task<List<(string Version, bool Running)>> ReportAsync(RunningServer server) =>
        [.. (await server.Client.GetFromJsonAsync<JsonElement>($"/experiments?apikey={Site}")).GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("version").GetString()!, e.GetProperty("running").GetBoolean()))];
}
