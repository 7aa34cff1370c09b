using System.Net;
using System.Text;
using System.Text.Json;

namespace Recommender.Server.Tests.Api;

/// <summary>Bad input is a 400 or 404 problem that names what is wrong; nothing a client sends makes a 5xx.</summary>
public sealed class BadInputTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    const string Site = Catalogues.SampleSite;
    const string Page = "https%3A%2F%2Fnews.example.org%2Fsport%2F2026%2F11%2Flindmoor-rovers-win-cup-final-penalties";

    RunningServer Server => fixture.Server;

    [Theory]
    [InlineData("GET", "/related?url=" + Page, "apikey")]
    [InlineData("GET", "/related?apikey=%20&url=" + Page, "apikey")]
    [InlineData("GET", "/related?apikey=news%01example&url=" + Page, "apikey")]
    [InlineData("GET", "/history?apikey=news%0Aexample&uuid=r1", "apikey")]
    [InlineData("GET", "/related?apikey=" + Site, "url")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=https%3A%2F%2Felsewhere.example%2Fa", "url")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=not%20a%20url", "url")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=ftp%3A%2F%2Fnews.example.org%2Fa", "url")]
    [InlineData("GET", "/related?apikey=" + Site + "&uuid=%01control", "uuid")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&pub_date_start=2026-13-01", "pub_date_start")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&pub_date_end=yesterday", "pub_date_end")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&pub_date_start=2026-11-10&pub_date_end=2026-11-01", "pub_date_end")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&limit=0", "limit")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&limit=101", "limit")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&limit=abc", "limit")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&limit=-5", "limit")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&page=0", "page")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&page=99999999999", "page")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&exclude=garbage", "exclude")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&exclude=colour:red", "exclude")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&exclude=section:", "exclude")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&sort=random", "sort")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&boost=likes", "boost")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&boost=views,nonsense", "boost")]
    [InlineData("GET", "/related?apikey=" + Site + "&url=" + Page + "&stories=some", "stories")]
    [InlineData("POST", "/profile?apikey=" + Site + "&url=" + Page, "uuid")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1", "url")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1&url=https%3A%2F%2Felsewhere.example%2Fa", "url")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1&url=" + Page + "&weight=0", "weight")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1&url=" + Page + "&weight=NaN", "weight")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1&url=" + Page + "&weight=1e9", "weight")]
    [InlineData("POST", "/profile?uuid=r1&url=" + Page, "apikey")]
    [InlineData("DELETE", "/profile?apikey=" + Site, "uuid")]
    [InlineData("GET", "/history?apikey=" + Site, "uuid")]
    [InlineData("GET", "/search?apikey=" + Site, "q")]
    [InlineData("GET", "/search?apikey=" + Site + "&q=mars&limit=1000", "limit")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string method, string pathAndQuery, string field)
    {
        using var response = await Server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), pathAndQuery));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_apikey_longer_than_any_site_name_is_refused()
    {
        using var response = await Server.Client.GetAsync($"/related?apikey={new string('k', 300)}&url={Page}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "apikey");
    }

    [Fact]
    public async Task A_uuid_longer_than_128_characters_is_refused()
    {
        var uuid = new string('u', 129);

        using var related = await Server.Client.GetAsync($"/related?apikey={Site}&uuid={uuid}");
        using var training = await Server.Client.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={Page}", null);

        await AssertProblemAsync(related, HttpStatusCode.BadRequest, "uuid");
        await AssertProblemAsync(training, HttpStatusCode.BadRequest, "uuid");
    }

    [Theory]
    [InlineData("GET", "/related?apikey=unknown.example&url=" + Page)]
    [InlineData("POST", "/profile?apikey=unknown.example&uuid=r1&url=" + Page)]
    [InlineData("DELETE", "/profile?apikey=unknown.example&uuid=r1")]
    [InlineData("GET", "/history?apikey=unknown.example&uuid=r1")]
    [InlineData("GET", "/search?apikey=unknown.example&q=mars")]
    public async Task An_unknown_apikey_is_a_404_problem(string method, string pathAndQuery)
    {
        using var response = await Server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), pathAndQuery));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("apikey", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        using var response = await Server.Client.GetAsync($"/related?apikey={Site}&url={Page}&limit=abc&sort=up&boost=x&exclude=y");

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "limit");
        Assert.Equal(["boost", "exclude", "limit", "sort"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Random_query_strings_never_make_a_server_error()
    {
        var random = new Random(20261123);
        string[] paths = ["/related", "/profile", "/history", "/search"];
        string[] names = ["apikey", "url", "uuid", "limit", "page", "pub_date_start", "pub_date_end", "section", "author", "tag", "exclude", "sort", "boost", "q", "weight"];
        string[] values =
        [
            Site, Page, "r1", "0", "-1", "100", "1e400", "2026-02-30", "9999-12-31", "0001-01-01", "section:", "url:", ":", "url:https://news.example.org/",
            "pub_date", "views,recency", "%", "%ZZ", "%00", "\u0000", "\ud83d\ude00", "' OR 1=1 --", "title:(a OR", "*", "?", "~", "\\", "AND", "[a TO",
            new string('x', 5000), "https://news.example.org/" + new string('a', 3000), "http://[::1]/", "https://news.example.org:99999/",
        ];
        string[] methods = ["GET", "POST", "DELETE"];

        for (var i = 0; i < 60; i++)
        {
            var query = new StringBuilder();
            for (var p = random.Next(0, 6); p > 0; p--)
            {
                var value = random.Next(3) == 0 ? RandomText(random) : values[random.Next(values.Length)];
                query.Append(query.Length == 0 ? '?' : '&').Append(names[random.Next(names.Length)]).Append('=');
                // Sometimes raw, so the server sees broken escapes too.
                query.Append(random.Next(4) == 0 ? value : Uri.EscapeDataString(value));
            }
            var request = new HttpRequestMessage(new HttpMethod(methods[random.Next(methods.Length)]), paths[random.Next(paths.Length)] + query);

            using var response = await Server.Client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            // Anything but lone surrogates, which a URL cannot carry.
            var c = (char)random.Next(0, 0xD800);
            chars[i] = c;
        }
        return new string(chars);
    }

    /// <summary>Asserts a problem+json answer whose errors name <paramref name="field"/>; returns the errors.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), body);
        return errors.Clone();
    }
}
