using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.Digests;
using Recommender.Core.Engagement;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Digests;
using Recommender.Server.Requests;
using Recommender.Server.Sites;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary><c>recommender digest</c>: writes a newsletter digest for every reader active in a window.</summary>
public static class DigestCommand
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "The site (apikey) whose readers get a digest.", Required = true };
        var activeSince = new Option<string>("--active-since") { Description = "Readers trained within this window: 90m, 24h, 7d.", DefaultValueFactory = _ => DigestRequest.DefaultWindow };
        var limit = new Option<int>("--limit") { Description = "Articles per digest, 1 to 100.", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo>("--out") { Description = "The JSONL file to write, one digest a line.", Required = true };
        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => ServeCommand.DefaultSettings.DataDirectory };
        var command = new Command("digest", """
            Write a newsletter digest for every reader active in a window.

            For each reader trained within --active-since, their interests (the profile query
            of /related?uuid=) mixed with what is trending on the site (every third item),
            without what they read or an earlier digest sent them; what this one sends is
            remembered in the data folder (the last 200 URLs per reader, for 90 days). Each
            line of the output is {"uuid": …, "items": [{"url", "title", …}]}, as /related
            lists items; a reader with nothing new to send is left out.
            Stop the server that uses the same data folder first (one process opens an index),
            or page through POST /admin/digests on the running server instead.

            Examples:
              recommender digest --site example.com --out digests.jsonl
              recommender digest --site example.com --active-since 24h --limit 5 --out today.jsonl
            """)
        {
            site,
            activeSince,
            limit,
            output,
            data,
        };
        command.SetAction((result, cancel) => RunAsync(result.GetValue(site)!, result.GetValue(activeSince)!, result.GetValue(limit),
            result.GetValue(output)!, new DataFolder(Path.GetFullPath(result.GetValue(data)!)), cancel));
        return command;
    }

    static async Task<int> RunAsync(string apikey, string activeSince, int limit, FileInfo output, DataFolder data, CancellationToken cancel)
    {
        var configuration = RecommenderConfiguration.ForCommand(data.Root);
        var sites = SiteDirectory.For(configuration);
        var errors = new RequestErrors();
        var request = new DigestRequest { Apikey = apikey, Limit = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var site = request.ResolveSite(sites, errors);
        var window = DigestServices.ParseWindow(activeSince);
        if (window is null) errors.Add("--active-since", "must be a number of minutes, hours or days such as 90m, 24h or 7d, from 1m to 366d");
        var recommendation = site is null ? null : request.ToRecommendationRequest(apikey, site, errors);
        if (errors.Any)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{errors}[/]");
            return 2;
        }

        if (ImportCommand.OpenIndex(data, new ArticleIndexOptions { SiteLanguage = key => sites.Find(key)?.Language }) is not { } index) return 2;
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(configuration)
            .AddSingleton(index)
            .AddSingleton(new ProfileQueryBuilder(configuration.GetSection("Recommendations").Get<ProfileQueryOptions>() ?? new()))
            .AddSingleton(provider => new EngagementSignals(data.Engagement, sites.Find, TimeProvider.System))
            .AddSingleton<RelatedArticles>();
        services.AddProfilesAndListingCache(configuration, data);
        services.AddDigests(data);
        await using var provider = services.BuildServiceProvider();
        var digests = provider.GetRequiredService<DigestBuilder>();
        var profiles = provider.GetRequiredService<IProfileStore>();

        var since = DateTimeOffset.UtcNow - window!.Value;
        var stopwatch = Stopwatch.StartNew();
        int readers = 0, written = 0;
        await using (var writer = new StreamWriter(output.FullName))
        {
            var total = await CountAsync(profiles, apikey, since, cancel);
            await ImportCommand.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Digests for {apikey}", maxValue: Math.Max(1, total));
                ActiveReader? after = null;
                do
                {
                    var page = await digests.PageAsync(since, after, ProfileArguments.MaxReadersPage, recommendation! with { Page = 1 }, cancel);
                    foreach (var digest in page.Digests) await writer.WriteLineAsync(JsonSerializer.Serialize(DigestLine.From(digest), Json));
                    readers += page.Readers;
                    written += page.Digests.Count;
                    task.Value = Math.Min(readers, task.MaxValue);
                    after = page.Last;
                }
                while (after is not null);
                task.Value = task.MaxValue;
            });
        }
        stopwatch.Stop();

        AnsiConsole.MarkupLineInterpolated(
            $"Wrote {written} digests for {readers} readers active since {since:u} to {output.Name} in {stopwatch.Elapsed.TotalSeconds:F2} s ({readers / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9):F0} readers/s).");
        return 0;
    }

    /// <summary>The readers the run will cover, for the progress bar: uuids only, 1,000 a page.</summary>
    static async Task<int> CountAsync(IProfileStore profiles, string site, DateTimeOffset since, CancellationToken cancel)
    {
        var count = 0;
        ActiveReader? after = null;
        while (true)
        {
            var page = await profiles.ActiveReadersAsync(site, since, after, ProfileArguments.MaxReadersPage, cancel);
            count += page.Count;
            if (page.Count < ProfileArguments.MaxReadersPage) return count;
            after = page[^1];
        }
    }
}
