using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Sites;

/// <summary>
/// The apikey is public (every page's tag carries it); reader data, engagement and training need the site's secret key.
/// </summary>
public sealed class SecretKeyTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    const string Site = SecuredServerFixture.Site;

    string Page => Uri.EscapeDataString(fixture.Articles[0].Url);

    HttpRequestMessage Request(string method, string pathAndQuery, string? secret)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (secret is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return request;
    }

    public static TheoryData<string, string> BackendCalls => new()
    {
        { "POST", $"/profile?apikey={Site}&uuid=secret-reader&url=PAGE" },
        { "GET", $"/history?apikey={Site}&uuid=secret-reader" },
        { "DELETE", $"/profile?apikey={Site}&uuid=secret-reader" },
        { "GET", $"/engagement?apikey={Site}&url=PAGE" },
    };

    [Theory]
    [MemberData(nameof(BackendCalls))]
    public async Task A_backend_call_answers_401_without_the_secret_403_with_a_wrong_one_and_succeeds_with_it(string method, string call)
    {
        var path = call.Replace("PAGE", Page);

        using var without = await fixture.Anonymous.SendAsync(Request(method, path, secret: null));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);

        using var wrong = await fixture.Anonymous.SendAsync(Request(method, path, "not-the-secret-of-this-site"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        using var right = await fixture.Anonymous.SendAsync(Request(method, path, RunningServer.Secret));
        Assert.True(right.IsSuccessStatusCode, $"{method} {path} with the secret: {(int)right.StatusCode} {await right.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Without_the_secret_a_reader_is_neither_retrained_read_nor_forgotten()
    {
        const string uuid = "politics-reader";
        await fixture.Server.TrainAsync(Site, uuid, fixture.Articles[1].Url);

        using var retrain = await fixture.Anonymous.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={Page}&weight=100", null);
        using var forget = await fixture.Anonymous.DeleteAsync($"/profile?apikey={Site}&uuid={uuid}");

        Assert.Equal(HttpStatusCode.Unauthorized, retrain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forget.StatusCode);
        Assert.Equal([fixture.Articles[1].Url], (await fixture.Server.HistoryAsync(Site, uuid)).Select(e => e.Url));
    }

    [Fact]
    public async Task A_site_without_a_secret_key_answers_no_reader_data_call()
    {
        const string site = SecuredServerFixture.SiteWithoutSecret;

        using var history = await fixture.Anonymous.SendAsync(Request("GET", $"/history?apikey={site}&uuid=r1", RunningServer.Secret));
        using var training = await fixture.Anonymous.SendAsync(Request("POST", $"/profile?apikey={site}&uuid=r1&url={Page}", RunningServer.Secret));

        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, training.StatusCode);
        Assert.Contains($"Sites:{site}:Secret", await history.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_secret_of_another_site_is_a_wrong_secret()
    {
        using var response = await fixture.Anonymous.SendAsync(
            Request("GET", $"/history?apikey={Site}&uuid=r1", SecuredServerFixture.OtherPublisherSecret));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_tags_calls_answer_with_the_public_apikey_alone()
    {
        foreach (var path in new[]
                 {
                     $"/related?apikey={Site}&url={Page}", $"/search?apikey={Site}&q=harbour", $"/trending?apikey={Site}", "/tag.js",
                 })
        {
            using var response = await fixture.Anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        }
        var pageview = $$"""{"apikey": "{{Site}}", "action": "pageview", "url": "{{fixture.Articles[0].Url}}", "uuid": "tag-reader"}""";
        using var events = await fixture.Anonymous.PostAsync("/events", new StringContent(pageview, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);
    }

    [Fact]
    public async Task Training_by_GET_is_refused_unless_the_site_allows_it()
    {
        var training = $"uuid=get-reader&url={Page}";

        // As an <img> on any page would send it, even with the secret a GET does not train by default.
        using var refused = await fixture.Server.Client.GetAsync($"/profile?apikey={Site}&{training}");
        using var allowed = await fixture.Server.Client.GetAsync($"/profile?apikey={SecuredServerFixture.GetTrainingSite}&{training}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal("POST", Assert.Single(refused.Content.Headers.Allow));
        Assert.Empty(await fixture.Server.HistoryAsync(Site, "get-reader"));
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        Assert.Single(await fixture.Server.HistoryAsync(SecuredServerFixture.GetTrainingSite, "get-reader"));
    }
}
