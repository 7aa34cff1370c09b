using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Recommender.Core.Sites;
using Recommender.Server.Sites;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary>
/// <c>recommender admin</c>: a site's admin calls against a running server over HTTP (the server holds the index, so
/// a second process cannot write it), and <c>new-secret</c>, which replaces a registered site's secret in its data folder.
/// </summary>
public static class AdminCommand
{
    const string SecretVariable = "RECOMMENDER_SECRET";

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The running server's address.", DefaultValueFactory = _ => ServeCommand.DefaultSettings.Urls };
        var site = new Option<string>("--site") { Description = "The site (apikey).", Required = true };
        var secret = new Option<string?>("--secret") { Description = $"The site's secret key; by default the {SecretVariable} environment variable (not seen in a process list)." };
        var url = new Option<string>("--url") { Description = "The article's URL.", Required = true };

        Command Call(string name, string description, HttpMethod method, string path, bool withUrl)
        {
            var command = new Command(name, description) { server, site, secret };
            if (withUrl) command.Add(url);
            command.SetAction((result, cancel) => CallAsync(result.GetValue(server)!, method, path, result.GetValue(site)!,
                withUrl ? result.GetValue(url) : null, result.GetValue(secret) ?? Environment.GetEnvironmentVariable(SecretVariable), cancel));
            return command;
        }

        var data = new Option<string>("--data") { Description = "The server's data folder.", DefaultValueFactory = _ => ServeCommand.DefaultSettings.DataDirectory };
        var newSecret = new Command("new-secret", """
            Give a site registered by an import a new secret key, printed once; the old one stops working as soon
            as the server reads the data folder again (it watches the file). A configured site sets
            Sites:{apikey}:Secret instead.
            """)
        {
            site,
            data,
        };
        newSecret.SetAction(result => NewSecret(result.GetValue(site)!, result.GetValue(data)!));

        return new Command("admin", $"""
            A site's admin calls, with its secret key, to a running server.

            Examples:
              export {SecretVariable}=…
              recommender admin stats --site example.com
              recommender admin recrawl --site example.com --url https://example.com/a
              recommender admin delete --site example.com --url https://example.com/a --server http://node1:5080
              recommender admin reindex --site example.com
              recommender admin new-secret --site example.com --data /var/lib/recommender
            """)
        {
            Call("stats", "The site's articles in the server's index, its newest article's date and the crawl queue.", HttpMethod.Get, "/admin/stats", withUrl: false),
            Call("recrawl", "Crawl an article again now, indexed or not.", HttpMethod.Post, "/admin/recrawl", withUrl: true),
            Call("delete", "Remove an article from the server's index.", HttpMethod.Delete, "/admin/article", withUrl: true),
            Call("reindex", "Write every article of the site again with the current analysis.", HttpMethod.Post, "/admin/reindex", withUrl: false),
            newSecret,
        };
    }

    static async Task<int> CallAsync(string server, HttpMethod method, string path, string site, string? url, string? secret, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(secret))
        {
            AnsiConsole.MarkupLine($"[red]No secret key: pass --secret or set {SecretVariable}.[/]");
            return 2;
        }
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]--server must be an http or https address, not '{server}'.[/]");
            return 2;
        }
        var query = $"?apikey={Uri.EscapeDataString(site)}" + (url is null ? "" : $"&url={Uri.EscapeDataString(url)}");
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(method, path + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await client.SendAsync(request, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{(int)response.StatusCode} {response.ReasonPhrase}[/] {Detail(body)}");
            return 1;
        }
        Console.WriteLine(body.Length == 0 ? $"{(int)response.StatusCode} {response.ReasonPhrase}" : body);
        return 0;
    }

    static string Detail(string problem)
    {
        try
        {
            return JsonDocument.Parse(problem).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? problem : problem;
        }
        catch (JsonException)
        {
            return problem;
        }
    }

    static int NewSecret(string site, string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory);
        var secret = SiteSecret.New();
        if (!SiteRegistrations.SetSecret(data, site, SiteSecret.Hash(secret)))
        {
            var configured = SiteDirectory.For(RecommenderConfiguration.ForCommand(data)).Find(site) is not null;
            if (configured) AnsiConsole.MarkupLineInterpolated($"[red]Site {site} is configured, not registered by an import: set Sites:{site}:Secret.[/]");
            else AnsiConsole.MarkupLineInterpolated($"[red]No site {site} is registered in {data}.[/]");
            return 2;
        }
        AnsiConsole.MarkupLineInterpolated($"The new secret key of [bold]{site}[/], shown this once (the data folder keeps only its hash):");
        Console.WriteLine(secret);
        return 0;
    }
}
