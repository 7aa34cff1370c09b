using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Recommender.Core.Importing;
using Recommender.Core.Profiles;
using Recommender.Server.Caching;
using Recommender.Server.Sites;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary><c>recommender import-history</c>: loads a publisher's past reading into reader profiles.</summary>
public static class ImportHistoryCommand
{
    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "The site (apikey) the readers belong to.", Required = true };
        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => ServeCommand.DefaultSettings.DataDirectory };
        var file = new Argument<FileInfo>("FILE") { Description = "Past reads: CSV uuid,url,ts (header optional) or JSON lines {\"uuid\", \"url\", \"ts\"}." };
        file.AcceptExistingOnly();
        var command = new Command("import-history", """
            Load a publisher's past reading into reader profiles.

            Each line is one read: CSV uuid,url,ts (a header may name the columns in any
            order) or JSON lines {"uuid": …, "url": …, "ts": …}; ts is ISO 8601 (UTC unless
            it says otherwise) or Unix epoch milliseconds. Each read is trained at its own
            time, so an old read weighs as little as its age says (2^(−age/half-life)).
            Reads in the future (beyond 10 minutes of clock skew) or older than the profile
            expiry (Profiles:ExpireAfterInactivity), and lines that cannot be read, are
            counted by reason and skipped. Profiles go where the server keeps them: the data
            folder's SQLite store, or Redis when Redis:Configuration is set.

            Examples:
              recommender import-history --site example.com reads.csv
              recommender import-history --site example.com --data /var/lib/recommender reads.jsonl
            """)
        {
            site,
            data,
            file,
        };
        command.SetAction((result, cancel) =>
            RunAsync(result.GetValue(site)!, new DataFolder(Path.GetFullPath(result.GetValue(data)!)), result.GetValue(file)!, cancel));
        return command;
    }

    static async Task<int> RunAsync(string site, DataFolder data, FileInfo file, CancellationToken cancel)
    {
        var configuration = RecommenderConfiguration.ForCommand(data.Root);
        var configured = SiteDirectory.For(configuration).Find(site);
        // The same choice of store as the server's.
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        services.AddProfilesAndListingCache(configuration, data);
        await using var provider = services.BuildServiceProvider();
        var profiles = provider.GetRequiredService<IProfileStore>();
        var expiry = provider.GetRequiredService<IOptions<ProfileStoreOptions>>().Value.ExpireAfterInactivity;
        var importer = new HistoryImporter(profiles, TimeProvider.System, expiry, host => configured?.AllowsHost(host) ?? true);

        var lines = await File.ReadAllLinesAsync(file.FullName, cancel);
        var stopwatch = Stopwatch.StartNew();
        var report = await ImportCommand.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Importing {file.Name}", maxValue: Math.Max(1, lines.Length));
            return await importer.ImportAsync(site, lines, () => task.Increment(1), cancel);
        });
        stopwatch.Stop();

        var refused = report.Refused.Values.Sum();
        AnsiConsole.MarkupLineInterpolated(
            $"Trained {report.Trained} reads, refused {refused} lines in {stopwatch.Elapsed.TotalSeconds:F2} s ({report.Trained / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9):F0} reads/s).");
        foreach (var (reason, count) in report.Refused.OrderByDescending(r => r.Value))
            AnsiConsole.MarkupLineInterpolated($"  {count} refused: {reason}");
        if (configured is null) AnsiConsole.MarkupLineInterpolated($"[yellow]Site {site} is not configured: every host was accepted.[/]");
        return report.Trained == 0 && refused > 0 ? 1 : 0;
    }
}
