using System.Globalization;
using System.Net.Http.Json;

namespace Recommender.Server.Tests.Api;

/// <summary><c>recommender import-history</c> as a process, then the server on the same data folder.</summary>
public sealed class ImportHistoryTests : IDisposable
{
    const string Site = Catalogues.SampleSite;
    readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Imported_reads_are_the_readers_profiles_at_their_own_times()
    {
        var dataFolder = Path.Combine(data.Path, "data");
        Catalogues.Import(dataFolder, Site, File.ReadLines(Catalogues.SamplePath));
        var articles = Catalogues.Sample();
        var sport = articles.Where(a => a.Section == "sport").Select(a => a.Url).ToList();
        var science = articles.Where(a => a.Section == "science").Select(a => a.Url).ToList();
        // The import checks ts against the real clock; the server below runs on its own test clock, whose reader
        // expiry (180 days) these times are well within.
        var now = DateTimeOffset.UtcNow;
        string Ts(TimeSpan ago) => (now - ago).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var file = data.File("reads.csv");
        File.WriteAllLines(file,
        [
            "uuid,url,ts",
            $"fan,{sport[0]},{Ts(TimeSpan.FromHours(2))}",
            $"fan,{sport[1]},{(now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds()}",
            $"fan,{science[0]},{Ts(TimeSpan.FromDays(400))}",
            "fan,not a url,2026-01-01T00:00:00Z",
        ]);

        using (var import = RecommenderProcess.Start("import-history", "--site", Site, "--data", dataFolder, file))
        {
            Assert.True(await import.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, import.Output);
            Assert.Contains("Trained 2 reads, refused 2 lines", import.Output);
            Assert.Contains("1 refused: ts is older than the profile expiry", import.Output);
        }

        await using var server = await RunningServer.StartAsync(dataFolder);
        var history = await server.HistoryAsync(Site, "fan");
        Assert.Equal([sport[1], sport[0]], history.Select(h => h.Url));
        Assert.Equal(now - TimeSpan.FromHours(2), history[1].Time, TimeSpan.FromMilliseconds(1));
        using var ranked = await server.Client.PostAsJsonAsync("/rank", new { apikey = Site, uuid = "fan", urls = new[] { science[1], sport[2] } });
        var order = (await ranked.Content.ReadFromJsonAsync<Listing<ListedArticle>>(RunningServer.Json))!.Data;
        Assert.Equal([sport[2], science[1]], order.Select(a => a.Url));
    }
}
