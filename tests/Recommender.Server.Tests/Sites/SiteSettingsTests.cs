using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Recommender.Core.ClickThrough;
using Recommender.Server.Tests.Api;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.Sites;

/// <summary>
/// A site's configuration merges with what its import registered, a bad value stops the start naming its key,
/// and a bad hot reload is refused while the previous settings keep answering; an edit of an experiment's arms starts a new one.
/// </summary>
public sealed class SiteSettingsTests : IDisposable
{
    const string Site = Catalogues.SampleSite;
    readonly TempDirectory folder = new();

    string DataDirectory => Path.Combine(folder.Path, "data");

    public SiteSettingsTests() => Catalogues.Import(DataDirectory, Site, File.ReadLines(Catalogues.SamplePath));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Setting_one_key_of_an_imported_site_keeps_its_registered_hosts_and_secret()
    {
        await using var server = await RunningServer.StartAsync(DataDirectory, [$"--Sites:{Site}:Defaults:CacheSeconds=0"]);
        var page = Catalogues.Sample()[0].Url;

        using var events = await server.Client.PostAsJsonAsync("/events",
            new { apikey = Site, action = "pageview", url = page, uuid = "reader-of-an-edited-site" });
        using var history = await server.Client.GetAsync($"/history?apikey={Site}&uuid=reader-of-an-edited-site");
        using var search = await server.Client.GetAsync($"/search?apikey={Site}&q=harbour");

        var accepted = await events.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        // The configured key applies too: nothing is cached.
        Assert.True(search.Headers.CacheControl?.NoStore, search.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("Defaults:Limit=0", "Sites:bad.example:Defaults:Limit")]
    [InlineData("Defaults:Alpha=1.5", "Sites:bad.example:Defaults:Alpha")]
    [InlineData("Defaults:CacheSeconds=soon", "Sites:bad.example:Defaults:CacheSeconds")]
    [InlineData("AllowedHosts:0=https://bad.example/", "Sites:bad.example:AllowedHosts:0")]
    [InlineData("Origins:0=https://bad.example/page", "Sites:bad.example:Origins:0")]
    [InlineData("Secret=short", "Sites:bad.example:Secret")]
    [InlineData("Experiments:t:Arms:a:Share=0.7", "Sites:bad.example:Experiments:t:Arms: the shares must add up to 1")]
    [InlineData("Experiments:t:Arms:a:Strategy=bogus", "Sites:bad.example:Experiments:t:Arms:a:Strategy")]
    public async Task A_bad_site_setting_stops_the_start_with_a_message_naming_the_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningServer.StartAsync(DataDirectory, ["--Sites:bad.example:AllowedHosts:0=bad.example", $"--Sites:bad.example:{setting}"]));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task A_bad_hot_reload_is_refused_and_logged_and_the_previous_settings_keep_answering()
    {
        var settings = folder.File("editor-settings.json");
        void Write(JsonObject site)
        {
            File.WriteAllText(settings + ".tmp", new JsonObject { ["Sites"] = new JsonObject { [Site] = site } }.ToJsonString());
            File.Move(settings + ".tmp", settings, overwrite: true);
        }
        // Uncached, so each answer shows the settings of the moment.
        JsonObject Excluding(params string[] sections) => new()
        {
            ["Exclude"] = new JsonObject { ["Sections"] = new JsonArray([.. sections.Select(s => JsonValue.Create(s))]) },
            ["Defaults"] = new JsonObject { ["CacheSeconds"] = 0 },
        };

        Write(Excluding("sport"));
        var log = new CapturedLog();
        await using var server = await RunningServer.StartAsync(DataDirectory, customize: builder =>
        {
            builder.Configuration.AddJsonFile(settings, optional: false, reloadOnChange: true);
            builder.Logging.AddProvider(log);
        });
        // A page not indexed yet: the site's newest articles answer, all 50 of the sample but the excluded ones.
        var newest = $"/related?apikey={Site}&url=https%3A%2F%2Fnews.example.org%2Fno-such-page&limit=100";
        var excluding = await server.ListAsync(newest);
        Assert.InRange(excluding.Count, 1, 49);
        Assert.DoesNotContain(excluding, a => a.Section == "sport");

        var bad = Excluding();
        bad["Defaults"]!["Alpha"] = 5;
        Write(bad);
        await PublisherSite.EventuallyAsync(() => Task.FromResult(log.Errors.Any(e => e.Contains($"Sites:{Site}:Defaults:Alpha"))), "the refusal is logged");
        Assert.Equal(excluding.Select(a => a.Url), (await server.ListAsync(newest)).Select(a => a.Url));

        // A good edit after a refused one applies.
        Write(Excluding());
        await PublisherSite.EventuallyAsync(async () => (await server.ListAsync(newest)).Any(a => a.Section == "sport"), "the good edit applies");
    }

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

    /// <summary>The server's error log lines.</summary>
    sealed class CapturedLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Errors { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Errors.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
