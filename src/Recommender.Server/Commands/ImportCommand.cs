using System.CommandLine;
using System.Diagnostics;
using Lucene.Net.Store;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;
using Recommender.Crawler.Fetching;
using Recommender.Server.Importing;
using Recommender.Server.Sites;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary><c>recommender import</c>: loads articles into a site's catalogue.</summary>
public static class ImportCommand
{
    const int FailuresShown = 50;

    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "The site (apikey) the articles belong to.", Required = true };
        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => ServeCommand.DefaultSettings.DataDirectory };
        var file = new Argument<FileInfo>("FILE") { Description = "JSONL (one article per line) or a list of URLs (one per line) to crawl." };
        file.AcceptExistingOnly();
        var command = new Command("import", """
            Load articles into a site's catalogue, from JSONL or by crawling a list of URLs.

            A JSONL line holds one article: url (required), title, authors, section, tags,
            pub_date, modified, image_url, description, language, text (or full_content).
            A line of a URL list is one page to fetch and extract, politely (robots.txt,
            one request per second per host by default; see the Crawler settings).
            A site that the configuration does not know yet is registered by its first import,
            with the hosts of the imported URLs as its allowed hosts.
            Stop the server that uses the same data folder first: one process writes an index.

            Examples:
              recommender import --site example.com articles.jsonl
              recommender import --site example.com --data /var/lib/recommender urls.txt
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
        var lines = await File.ReadAllLinesAsync(file.FullName, cancel);
        var isJsonl = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.TrimStart().StartsWith('{') ?? true;
        var configuration = RecommenderConfiguration.ForCommand(data.Root);
        var sites = SiteDirectory.For(configuration);
        var configured = sites.Find(site);

        ArticleIndex index;
        try
        {
            index = ArticleIndex.Open(data.Index, new ArticleIndexOptions { SiteLanguage = key => sites.Find(key)?.Language });
        }
        catch (LockObtainFailedException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The index in {data.Index} is in use by another process (a running server?). Stop it first.[/]");
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        ImportReport report;
        using (index)
        {
            report = await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {file.Name}", maxValue: lines.Length);
                    if (isJsonl) return new ArticleImporter(index).ImportJsonl(site, lines, () => task.Increment(1));

                    // An unknown site may be crawled on the hosts its list names: they become its allowed hosts.
                    var crawlSite = configured ?? new SiteOptions { AllowedHosts = [.. HostsOf(lines)] };
                    var crawler = configuration.GetSection(CrawlerOptions.SectionName).Get<CrawlerOptions>() ?? new();
                    return await new UrlListImporter(index, data, crawler)
                        .ImportAsync(site, crawlSite, lines, done => task.Value = done, cancel);
                });
            index.Commit();
        }
        stopwatch.Stop();

        if (configured is null && report.Hosts.Count > 0)
        {
            SiteRegistrations.Register(data.Root, site, report.Hosts);
            AnsiConsole.MarkupLineInterpolated($"Registered site [bold]{site}[/] with allowed hosts {string.Join(", ", report.Hosts)}.");
        }
        Print(report, stopwatch.Elapsed);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    static IEnumerable<string> HostsOf(IEnumerable<string> lines) =>
        lines.Select(CanonicalUrl.Normalize).OfType<string>().Select(url => new Uri(url).Host).Distinct();

    static void Print(ImportReport report, TimeSpan elapsed)
    {
        var imported = report.Added + report.Updated;
        AnsiConsole.MarkupLineInterpolated(
            $"Added {report.Added}, updated {report.Updated}, failed {report.Failures.Count} in {elapsed.TotalSeconds:F2} s ({imported / Math.Max(elapsed.TotalSeconds, 1e-9):F1} articles/s).");
        foreach (var failure in report.Failures.OrderBy(f => f.Line).Take(FailuresShown))
            AnsiConsole.MarkupLineInterpolated($"  line {failure.Line}: {failure.Reason}");
        if (report.Failures.Count > FailuresShown)
            AnsiConsole.MarkupLineInterpolated($"  … and {report.Failures.Count - FailuresShown} more failed lines.");
    }
}
