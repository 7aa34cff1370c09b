using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lucene.Net.Store;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;
using Recommender.Crawler.Fetching;
using Recommender.Server.Crawling;
using Recommender.Server.Importing;
using Recommender.Server.Semantic;
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
            A site that the configuration does not know yet is registered when its first import
            starts, with the hosts of the file's URLs as its allowed hosts and a new secret key,
            printed once (the data folder keeps only its SHA-256): the site's backend sends it as
            'Authorization: Bearer <secret>' for reader data, engagement and admin calls.
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
        var path = file.FullName;
        var isJsonl = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.TrimStart().StartsWith('{') ?? true;
        // An article file is read line by line as it is imported (a million articles are gigabytes of text); a URL list
        // is crawled a page a second, so it is short.
        IReadOnlyList<string>? urlList = isJsonl ? null : await File.ReadAllLinesAsync(path, cancel);
        var lineCount = urlList?.Count ?? File.ReadLines(path).Count();
        var configuration = RecommenderConfiguration.ForCommand(data.Root);
        var sites = SiteDirectory.For(configuration);
        var configured = sites.Find(site);

        var hosts = HostsOf(urlList ?? File.ReadLines(path).Select(UrlOfJsonLine)).ToList();
        // Registered before the index is even opened, so an import killed part-way leaves a site that answers.
        if (configured is null && hosts.Count > 0) Register(data, site, hosts);

        var options = new ArticleIndexOptions
        {
            Embedder = SemanticLayer.Embedder(configuration, sites),
            SiteLanguage = key => sites.Find(key)?.Language,
        };
        // Not for a URL list: each crawled page is clustered into a story among the articles searchable when it arrives.
        var opened = OpenIndex(data, urlList is null ? ArticleImporter.ForImport(options) : options);
        if (opened is not { } index) return 2;

        var stopwatch = Stopwatch.StartNew();
        ImportReport report;
        using (index)
        {
            report = await Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {file.Name}", maxValue: lineCount);
                if (urlList is null) return new ArticleImporter(index).ImportJsonl(site, File.ReadLines(path), () => task.Increment(1));

                // An unknown site may be crawled on the hosts its list names: they become its allowed hosts.
                var crawlSite = configured ?? new SiteOptions { AllowedHosts = hosts };
                var crawler = CrawlerSettings.Read(configuration);
                return await new UrlListImporter(index, data, crawler)
                    .ImportAsync(site, crawlSite, urlList, done => task.Value = done, cancel);
            });
            index.Commit();
        }
        stopwatch.Stop();

        Print(report, stopwatch.Elapsed);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The data folder's index, or null (said on the console) while another process, a running server, has it open.</summary>
    internal static ArticleIndex? OpenIndex(DataFolder data, ArticleIndexOptions options)
    {
        try
        {
            return ArticleIndex.Open(data.Index, options);
        }
        catch (LockObtainFailedException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The index in {data.Index} is in use by another process (a running server?). Stop it first.[/]");
            return null;
        }
    }

    /// <summary>The progress bar of an import, kept on screen when it is done.</summary>
    internal static Progress Progress() => AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn());

    static void Register(DataFolder data, string site, IReadOnlyList<string> hosts)
    {
        var secret = SiteSecret.New();
        if (!SiteRegistrations.Register(data.Root, site, hosts, SiteSecret.Hash(secret))) return;
        AnsiConsole.MarkupLineInterpolated($"Registered site [bold]{site}[/] with allowed hosts {string.Join(", ", hosts)}.");
        AnsiConsole.MarkupLine("Its secret key, shown this once (the data folder keeps only its hash):");
        // On a line of its own, never wrapped, so it can be copied whole.
        Console.WriteLine(secret);
        AnsiConsole.MarkupLine("Your backend sends it as 'Authorization: Bearer <secret>' for /profile, /history, /engagement and /admin calls.");
    }

    static IEnumerable<string> HostsOf(IEnumerable<string?> urls) =>
        urls.Select(CanonicalUrl.Normalize).OfType<string>().Select(url => new Uri(url).Host).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>url</c> of a JSONL article line, read without converting the rest; null for a line without one.</summary>
    static string? UrlOfJsonLine(string line)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUrl = string.Equals(reader.GetString(), "url", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (isUrl) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The import reports the line as it fails to read it.
        }
        return null;
    }

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
