using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Recommender.Core.Sites;

namespace Recommender.Server.Tests.Api;

/// <summary>An editor's change to a site's configuration file applies to the next answers, without a restart.</summary>
public sealed class SiteConfigurationTests : IAsyncLifetime
{
    const string Site = "edited.example";
    readonly TempDirectory folder = new();
    RunningServer server = null!;

    string SettingsFile => folder.File("editor-settings.json");
    string DataDirectory => Path.Combine(folder.Path, "data");

    public async Task InitializeAsync()
    {
        Catalogues.Import(DataDirectory, Site, File.ReadLines(Catalogues.SamplePath));
        WriteSiteSettings(excludedSections: [], excludedUrlPrefixes: []);
        server = await RunningServer.StartAsync(DataDirectory,
            customize: builder => builder.Configuration.AddJsonFile(SettingsFile, optional: false, reloadOnChange: true));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        folder.Dispose();
    }

    /// <summary>The site as an editor writes it under <c>Sites:{apikey}</c>, as in appsettings.json.</summary>
    void WriteSiteSettings(string[] excludedSections, string[] excludedUrlPrefixes)
    {
        var site = new SiteOptions { AllowedHosts = ["news.example.org"] };
        site.Exclude.Sections.AddRange(excludedSections);
        site.Exclude.UrlPrefixes.AddRange(excludedUrlPrefixes);
        var root = new JsonObject { ["Sites"] = new JsonObject { [Site] = JsonSerializer.SerializeToNode(site) } };
        // Written beside and moved, as editors' tools save, so the watcher never reads half a file.
        File.WriteAllText(SettingsFile + ".tmp", root.ToJsonString());
        File.Move(SettingsFile + ".tmp", SettingsFile, overwrite: true);
    }

    Task<IReadOnlyList<ListedArticle>> NewestAsync() => server.ListAsync($"/related?apikey={Site}&url=https%3A%2F%2Fnews.example.org%2Fno-such-page&limit=100");

    /// <summary>Asks again until <paramref name="done"/> holds, for at most ten seconds (file watchers take a moment).</summary>
    async Task<IReadOnlyList<ListedArticle>> PollAsync(Func<IReadOnlyList<ListedArticle>, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await NewestAsync();
            if (done(answer) || clock.Elapsed > TimeSpan.FromSeconds(10)) return answer;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Site_exclusions_apply_after_an_edit_without_a_restart()
    {
        var before = await NewestAsync();
        Assert.Equal(50, before.Count);

        WriteSiteSettings(excludedSections: ["sport", "culture"], excludedUrlPrefixes: ["https://news.example.org/science/2026/11/"]);
        var after = await PollAsync(answer => answer.Count < 50);

        bool Excluded(ListedArticle a) => a.Section is "sport" or "culture" || a.Url.StartsWith("https://news.example.org/science/2026/11/", StringComparison.Ordinal);
        Assert.Equal(before.Where(a => !Excluded(a)).Select(a => a.Url), after.Select(a => a.Url));

        WriteSiteSettings(excludedSections: [], excludedUrlPrefixes: []);
        var restored = await PollAsync(answer => answer.Count == 50);
        Assert.Equal(before.Select(a => a.Url), restored.Select(a => a.Url));
    }

    [Fact]
    public async Task A_site_registered_in_the_data_folder_answers_without_a_restart()
    {
        const string newcomer = "registered-later.example";
        using (var unknown = await server.GetAsync($"/history?apikey={newcomer}&uuid=r1"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        SiteRegistrations.Register(DataDirectory, newcomer, ["registered-later.example"], SiteSecret.Hash(RunningServer.Secret));

        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await server.GetAsync($"/history?apikey={newcomer}&uuid=r1");
            status = response.StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(100);
        } while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
