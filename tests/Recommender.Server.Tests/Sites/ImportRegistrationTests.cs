using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Sites;
using Recommender.Server.Tests.Api;
using Recommender.Tests;

namespace Recommender.Server.Tests.Sites;

/// <summary>`recommender import` registers a site nobody configured when it starts, with a secret key it prints once.</summary>
public sealed partial class ImportRegistrationTests
{
    const string Site = "killed-import.example";

    [Fact]
    public async Task An_import_killed_part_way_leaves_the_site_registered_with_the_secret_it_printed()
    {
        // The publisher's first page never answers until the test is done: the import is part-way for as long as needed.
        var neverAnswered = new TaskCompletionSource();
        var firstPageAsked = new TaskCompletionSource();
        await using var publisher = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.NotFound());
            app.MapGet("/{**path}", async () =>
            {
                firstPageAsked.TrySetResult();
                await neverAnswered.Task;
                return Results.NotFound();
            });
        });
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        var urls = folder.File("urls.txt");
        await File.WriteAllLinesAsync(urls, Enumerable.Range(1, 20).Select(i => publisher.Url($"/article-{i}")));

        string secret;
        using (var import = RecommenderProcess.Start(
                   new Dictionary<string, string> { ["Crawler__AllowPrivateNetworks"] = "true", ["Crawler__RequestsPerSecondPerHost"] = "0" },
                   "import", "--site", Site, "--data", data, urls))
        {
            await firstPageAsked.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var clock = Stopwatch.StartNew();
            Match printed;
            while (!(printed = SecretLine().Match(import.Output)).Success && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
            Assert.True(printed.Success, $"the import printed no secret key before crawling: {import.Output}");
            secret = printed.Groups["secret"].Value;
            import.Kill();
        }
        neverAnswered.SetResult();

        var registered = JsonNode.Parse(await File.ReadAllTextAsync(SiteRegistrations.PathIn(data)))![SiteRegistrations.Section]![Site]!;
        Assert.Equal([publisher.BaseUrl.Host], registered["AllowedHosts"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal(SiteSecret.Hash(secret), registered["SecretSha256"]!.GetValue<string>());
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(SiteRegistrations.PathIn(data)));

        await using var server = await RunningServer.StartAsync(data);
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var history = new HttpRequestMessage(HttpMethod.Get, $"/history?apikey={Site}&uuid=r1");
        history.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var answer = await anonymous.SendAsync(history);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [GeneratedRegex(@"only its hash\):\s*(?<secret>[A-Za-z0-9_-]{43})\s")]
    private static partial Regex SecretLine();
}
