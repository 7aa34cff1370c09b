using System.CommandLine;
using Recommender.Core.Sites;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;
using Recommender.Server.Crawling;

namespace Recommender.Server.Commands;

/// <summary>
/// <c>recommender extract URL|FILE</c>: what the crawler would index for one page, with the rule that chose
/// each field, so that a publisher can see why an article looks wrong.
/// </summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("URL|FILE") { Description = "An http(s) URL to fetch as the crawler does, or a saved HTML file." };
        var url = new Option<string?>("--url") { Description = "For a FILE: the address the page was at (relative links, a date in the path)." };
        var data = new Option<string>("--data") { Description = "The server's data folder, for its configuration (Crawler settings).", DefaultValueFactory = _ => ServeCommand.DefaultSettings.DataDirectory };
        var command = new Command("extract", """
            Print what the crawler would index for one page: its metadata, its body text, and
            for each field the rule that chose it (such as "JSON-LD datePublished" or
            "meta og:title").

            A URL is fetched through the crawler's own fetcher, with its checks: robots.txt,
            ports 80 and 443, no private addresses (unless Crawler:AllowPrivateNetworks).
            A FILE is read as it is.

            Examples:
              recommender extract https://news.example.com/2024/05/03/story
              recommender extract saved.html --url https://news.example.com/2024/05/03/story
            """)
        {
            target,
            url,
            data,
        };
        command.SetAction((result, cancel) =>
            RunAsync(result.GetValue(target)!, result.GetValue(url), Path.GetFullPath(result.GetValue(data)!), cancel));
        return command;
    }

    static async Task<int> RunAsync(string target, string? pageUrl, string dataDirectory, CancellationToken cancel)
    {
        string html;
        Uri address;
        if (Uri.TryCreate(target, UriKind.Absolute, out var targetUrl) && targetUrl.Scheme is "http" or "https")
        {
            var crawler = CrawlerSettings.Read(RecommenderConfiguration.ForCommand(dataDirectory));
            using var fetcher = new PageFetcher(crawler);
            // The page's own host is the site's: the other checks (robots.txt, ports, addresses) are the crawler's.
            var fetched = await fetcher.FetchAsync(targetUrl.AbsoluteUri, new SiteOptions { AllowedHosts = [targetUrl.Host] }, cancel);
            if (!fetched.Succeeded)
            {
                Console.Error.WriteLine($"Not fetched: {fetched.Failure.Reason}: {fetched.Failure.Detail}");
                return 1;
            }
            html = fetched.Page.Html;
            address = new Uri(fetched.Page.FinalUrl);
        }
        else if (File.Exists(target))
        {
            html = HtmlDecoding.Decode(await File.ReadAllBytesAsync(target, cancel), null);
            if (pageUrl is not null && !Uri.TryCreate(pageUrl, UriKind.Absolute, out _))
            {
                Console.Error.WriteLine($"--url {pageUrl} is not an absolute URL.");
                return 2;
            }
            address = pageUrl is null ? new Uri(Path.GetFullPath(target)) : new Uri(pageUrl);
        }
        else
        {
            Console.Error.WriteLine($"{target} is neither an http(s) URL nor a file.");
            return 2;
        }

        Print(new ArticleExtractor().Extract(html, address), address);
        return 0;
    }

    static void Print(ExtractedPage page, Uri address)
    {
        string?[] fields =
        [
            Line("url", address.AbsoluteUri, null),
            Line(nameof(page.CanonicalUrl), page.CanonicalUrl, page),
            Line(nameof(page.Title), page.Title, page),
            Line(nameof(page.Authors), string.Join("; ", page.Authors), page),
            Line(nameof(page.PubDate), page.PubDate?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), page),
            Line(nameof(page.Modified), page.Modified?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"), page),
            Line(nameof(page.Section), page.Section, page),
            Line(nameof(page.Tags), string.Join("; ", page.Tags), page),
            Line(nameof(page.Language), page.Language, page),
            Line(nameof(page.ImageUrl), page.ImageUrl, page),
            Line(nameof(page.Description), page.Description, page),
            Line(nameof(page.Text), $"{page.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length} paragraphs, {page.Text.Length} characters", page),
        ];
        foreach (var field in fields) Console.WriteLine(field);
        Console.WriteLine();
        Console.WriteLine(page.Text);
    }

    /// <summary>"Title: value  ← rule", or "(none)" for a field the page did not give.</summary>
    static string Line(string field, string? value, ExtractedPage? page)
    {
        var shown = string.IsNullOrWhiteSpace(value) ? "(none)" : value;
        var rule = page?.Rules.GetValueOrDefault(field) is { } chosenBy ? $"  ← {chosenBy}" : "";
        return $"{field + ":",-14}{shown}{rule}";
    }
}
