using System.Net;
using System.Net.Http.Headers;

namespace Recommender.Server.Tests.Api;

/// <summary>The response cache of the list endpoints on one node, without Redis (this node's memory only).</summary>
public sealed class ResponseCacheTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    const string Site = Catalogues.SampleSite;

    RunningServer Server => fixture.Server;

    string Page(int n) => Uri.EscapeDataString(fixture.Articles[n].Url);

    async Task<(string Cache, string Body, HttpResponseMessage Response)> Get(string pathAndQuery, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        var response = await Server.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return (response.Headers.GetValues("X-Cache").Single(), body, response);
    }

    static string FirstUrl(string listing) =>
        System.Text.Json.JsonDocument.Parse(listing).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!;

    [Fact]
    public async Task A_repeated_request_is_a_hit_whatever_the_parameter_order_and_written_out_defaults()
    {
        var first = await Get($"/related?apikey={Site}&url={Page(1)}&section=Science&section=sport");

        var again = await Get($"/related?apikey={Site}&url={Page(1)}&section=Science&section=sport");
        var reordered = await Get($"/related?section=sport&limit=10&section=science&page=1&sort=score&url={Page(1)}&apikey={Site}");
        var otherLimit = await Get($"/related?apikey={Site}&url={Page(1)}&section=Science&section=sport&limit=3");

        Assert.Equal("MISS", first.Cache);
        Assert.Equal(("HIT", first.Body), (again.Cache, again.Body));
        Assert.Equal(("HIT", first.Body), (reordered.Cache, reordered.Body));
        Assert.Equal("MISS", otherLimit.Cache);
    }

    [Fact]
    public async Task The_strategy_and_alpha_are_part_of_the_key_and_their_defaults_written_out_are_not()
    {
        var first = await Get($"/related?apikey={Site}&url={Page(4)}");

        var defaults = await Get($"/related?apikey={Site}&url={Page(4)}&strategy=Related&alpha=1.0");
        var popular = await Get($"/related?apikey={Site}&url={Page(4)}&strategy=popular");
        var trending = await Get($"/related?apikey={Site}&url={Page(4)}&strategy=trending");
        var blended = await Get($"/related?apikey={Site}&url={Page(4)}&alpha=0.5");

        Assert.Equal(("HIT", first.Body), (defaults.Cache, defaults.Body));
        Assert.Equal(("MISS", "MISS", "MISS"), (popular.Cache, trending.Cache, blended.Cache));
    }

    [Fact]
    public async Task Search_answers_are_cached_too()
    {
        var first = await Get($"/search?apikey={Site}&q=rates");
        var again = await Get($"/search?q=%20rates%20&apikey={Site}&limit=10");
        var other = await Get($"/search?apikey={Site}&q=mars");

        Assert.Equal(("MISS", "HIT", "MISS"), (first.Cache, again.Cache, other.Cache));
        Assert.Equal(first.Body, again.Body);
    }

    [Fact]
    public async Task Answers_carry_an_etag_and_cache_control_and_a_matching_etag_gets_304()
    {
        var (_, body, response) = await Get($"/related?apikey={Site}&url={Page(2)}");
        var etag = response.Headers.ETag!.ToString();

        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.NotEmpty(body);

        var (_, notModifiedBody, notModified) = await Get($"/related?apikey={Site}&url={Page(2)}", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag!.ToString());
        Assert.Empty(notModifiedBody);

        var (_, _, changed) = await Get($"/related?apikey={Site}&url={Page(2)}", ifNoneMatch: "\"something-else\"");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task Training_changes_the_readers_answer_at_once_and_the_answer_is_private()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await Server.TrainAsync(Site, uuid, fixture.Articles[3].Url);
        var first = await Get($"/related?apikey={Site}&uuid={uuid}");
        var again = await Get($"/related?apikey={Site}&uuid={uuid}");

        // A read article is never recommended again: reading the top answer must take it out of the next answer.
        var top = FirstUrl(first.Body);
        await Server.TrainAsync(Site, uuid, top);
        var afterTraining = await Get($"/related?apikey={Site}&uuid={uuid}");

        Assert.Equal(("MISS", "HIT", "MISS"), (first.Cache, again.Cache, afterTraining.Cache));
        Assert.DoesNotContain(top, afterTraining.Body);
        var cacheControl = first.Response.Headers.CacheControl!;
        Assert.True(cacheControl.Private && cacheControl.NoCache && !cacheControl.Public, cacheControl.ToString());
    }

    [Fact]
    public async Task Readers_without_a_profile_share_one_cached_answer()
    {
        var first = await Get($"/related?apikey={Site}&uuid=new-reader-{Guid.NewGuid():N}&limit=7");
        var second = await Get($"/related?apikey={Site}&uuid=new-reader-{Guid.NewGuid():N}&limit=7");

        Assert.Equal(("MISS", "HIT"), (first.Cache, second.Cache));
        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task Forgetting_a_reader_moves_their_answer_off_the_cached_personal_one()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await Server.TrainAsync(Site, uuid, fixture.Articles[5].Url);
        var personal = await Get($"/related?apikey={Site}&uuid={uuid}&limit=8");

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Client.DeleteAsync($"/profile?apikey={Site}&uuid={uuid}")).StatusCode);
        var forgotten = await Get($"/related?apikey={Site}&uuid={uuid}&limit=8");

        Assert.Contains("because you read", personal.Body);
        Assert.DoesNotContain("because you read", forgotten.Body);
    }
}

/// <summary>A site whose cache time is 0 is never cached; a short one shows new answers once it passes.</summary>
public sealed class ResponseCacheTimeTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;
    readonly TempDirectory _data = new();
    RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(_data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        _server = await RunningServer.StartAsync(_data.Path,
        [
            $"--Sites:{Site}:AllowedHosts:0=news.example.org", $"--Sites:{Site}:Defaults:CacheSeconds=0",
            "--Sites:short.example:AllowedHosts:0=news.example.org", "--Sites:short.example:Defaults:CacheSeconds=1",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_cache_time_of_zero_turns_the_cache_off()
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await _server.GetAsync($"/search?apikey={Site}&q=rates");
            Assert.Equal("MISS", response.Headers.GetValues("X-Cache").Single());
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task An_answer_is_computed_again_once_its_cache_time_has_passed()
    {
        async Task<string> CacheOf()
        {
            using var response = await _server.GetAsync("/search?apikey=short.example&q=rates");
            return response.Headers.GetValues("X-Cache").Single();
        }

        var cached = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("MISS", await CacheOf());
        Assert.Equal("HIT", await CacheOf());
        // Asked again until the answer is computed anew: not before its second is up, and not long after.
        while (await CacheOf() == "HIT")
        {
            Assert.True(cached.Elapsed < TimeSpan.FromSeconds(15), "the answer was still cached after 15 s");
            await Task.Delay(50);
        }
        Assert.True(cached.Elapsed >= TimeSpan.FromSeconds(1), $"computed again after {cached.Elapsed.TotalMilliseconds:F0} ms");
    }
}
