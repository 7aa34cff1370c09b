using Recommender.Server.RateLimiting;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;

namespace Recommender.Server.Tests.Api;

/// <summary>
/// The real server on a free loopback port, over a data folder of its own, with a clock the test moves.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>
    /// The secret key of every site the tests import (<see cref="Catalogues.Import"/>) or configure (<see cref="SecretSetting"/>);
    /// <see cref="Client"/> sends it, as a site's backend does.
    /// </summary>
    public const string Secret = "test-secret-of-every-site";

    /// <summary>The configuration argument that gives a configured site the tests' secret key.</summary>
    public static string SecretSetting(string site) => $"--Sites:{site}:Secret={Secret}";

    /// <summary>A client that sends the tests' secret key, as a site's backend does.</summary>
    public static HttpClient BackendClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Secret);
        return client;
    }

    /// <summary>The day after the sample catalogue's newest article.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    readonly WebApplication app;

    RunningServer(WebApplication app, string dataDirectory, FakeTimeProvider clock)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = BackendClient(new Uri(address));
    }

    public string DataDirectory { get; }
    public FakeTimeProvider Clock { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts a server on <paramref name="dataDirectory"/>, its rate limits lifted unless <paramref name="configurationArgs"/>
    /// set them; <paramref name="customize"/> may add configuration sources.
    /// </summary>
    public static async Task<RunningServer> StartAsync(
        string dataDirectory, string[]? configurationArgs = null, FakeTimeProvider? clock = null, Action<WebApplicationBuilder>? customize = null)
    {
        clock ??= new FakeTimeProvider(Start);
        // The semantic model is off unless a test turns it on (a later argument wins): each test would pay for embedding its catalogue.
        string[] args = [.. RateLimits.Lifted, "--Semantic:Enabled=false", .. configurationArgs ?? []];
        var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", dataDirectory), args, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            customize?.Invoke(builder);
        });
        await app.StartAsync();
        return new RunningServer(app, dataDirectory, clock);
    }

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery) => await Client.GetAsync(pathAndQuery);

    /// <summary>The articles of a list endpoint (<c>{"data": [...]}</c>), failing on any other status than 200.</summary>
    public async Task<IReadOnlyList<ListedArticle>> ListAsync(string pathAndQuery)
    {
        using var response = await Client.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Listing<ListedArticle>>(body, Json)!.Data;
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string apikey, string uuid) =>
        (await Client.GetFromJsonAsync<Listing<HistoryEntry>>($"/history?apikey={Uri.EscapeDataString(apikey)}&uuid={Uri.EscapeDataString(uuid)}", Json))!.Data;

    /// <summary>Trains the reader with the page at the clock's current time; fails unless the server accepts it.</summary>
    public async Task TrainAsync(string apikey, string uuid, string url) =>
        Assert.Equal(System.Net.HttpStatusCode.Accepted, await TryTrainAsync(apikey, uuid, url));

    /// <summary>Asks the server to train the reader with the page at the clock's current time; the status it answers.</summary>
    public async Task<System.Net.HttpStatusCode> TryTrainAsync(string apikey, string uuid, string url)
    {
        using var response = await Client.PostAsync(
            $"/profile?apikey={Uri.EscapeDataString(apikey)}&uuid={Uri.EscapeDataString(uuid)}&url={Uri.EscapeDataString(url)}", null);
        return response.StatusCode;
    }

    /// <summary>
    /// Two readers read the same two pages <paramref name="age"/> apart, in opposite orders: only which read is
    /// old differs. Returns the readers whose recent read is <paramref name="second"/>, then <paramref name="first"/>.
    /// </summary>
    public async Task<(string SecondIsRecent, string FirstIsRecent)> TrainInOppositeOrdersAsync(string apikey, string first, string second, TimeSpan age)
    {
        var (secondIsRecent, firstIsRecent) = ($"reader-{Guid.NewGuid():N}", $"reader-{Guid.NewGuid():N}");
        await TrainAsync(apikey, secondIsRecent, first);
        await TrainAsync(apikey, firstIsRecent, second);
        Clock.Advance(age);
        await TrainAsync(apikey, secondIsRecent, second);
        await TrainAsync(apikey, firstIsRecent, first);
        return (secondIsRecent, firstIsRecent);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record Listing<T>(IReadOnlyList<T> Data);

public sealed record ListedArticle(
    string Url, string Title, string[] Authors, string? Section, string[] Tags, DateTimeOffset? PubDate, double Score, string Reason);

public sealed record HistoryEntry(string Url, DateTimeOffset Time, double Weight);

/// <summary>A folder deleted with everything in it when the test is done.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("recommender-api-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}

/// <summary>Catalogues imported into a data folder the way `recommender import` does, before a server starts on it.</summary>
public static class Catalogues
{
    public const string SampleSite = SampleCatalogue.Site;

    /// <summary>The sample catalogue the server project copies beside the tests.</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "samples", "catalogue.jsonl");

    public static IReadOnlyList<SampleArticle> Sample() =>
        [.. File.ReadLines(SamplePath).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SampleArticle>(l, RunningServer.Json)!)];

    public static void Import(string dataDirectory, string site, IEnumerable<string> jsonLines)
    {
        var data = new DataFolder(dataDirectory);
        ImportReport report;
        using (var index = ArticleIndex.Open(data.Index))
        {
            report = new ArticleImporter(index).ImportJsonl(site, jsonLines);
            index.Commit();
        }
        Assert.Empty(report.Failures);
        SiteRegistrations.Register(data.Root, site, report.Hosts, SiteSecret.Hash(RunningServer.Secret));
    }
}

public sealed record SampleArticle(string Url, string Title, string[] Authors, string Section, string[] Tags, DateTimeOffset PubDate);
