using System.Net;
using System.Text.Json;

namespace Recommender.Server.Tests.Sites;

/// <summary>What a browser may read across origins, and what every answer says about itself.</summary>
public sealed class ResponseHeaderTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    const string Publisher = SecuredServerFixture.Publisher;

    async Task<string?> AllowedOriginAsync(string pathAndQuery, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add("Origin", origin);
        using var response = await fixture.Anonymous.SendAsync(request);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }

    [Fact]
    public async Task Only_the_exact_origins_of_the_named_site_may_read_its_answers()
    {
        var search = $"/search?apikey={Publisher}&q=harbour";

        Assert.Equal($"https://{Publisher}", await AllowedOriginAsync(search, $"https://{Publisher}"));
        // Another site's page, though its host is allowed for its own apikey.
        Assert.Null(await AllowedOriginAsync(search, $"https://{SecuredServerFixture.OtherPublisher}"));
        Assert.Null(await AllowedOriginAsync($"/history?apikey={Publisher}&uuid=r1", $"https://{SecuredServerFixture.OtherPublisher}"));
        // The publisher's host, but another scheme or port: not the publisher's pages.
        Assert.Null(await AllowedOriginAsync(search, $"http://{Publisher}"));
        Assert.Null(await AllowedOriginAsync(search, $"https://{Publisher}:8443"));
    }

    [Theory]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/tag.js")]
    [InlineData("GET", "/search?apikey=" + SecuredServerFixture.Site + "&q=harbour")]
    [InlineData("GET", "/search?apikey=unknown.example&q=harbour")]
    [InlineData("GET", "/history?apikey=" + SecuredServerFixture.Site + "&uuid=r1")]
    [InlineData("GET", "/no-such-path")]
    [InlineData("POST", "/events")]
    public async Task Every_answer_forbids_content_sniffing(string method, string path)
    {
        using var response = await fixture.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_openapi_document_does_not_copy_the_requests_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";
        using var response = await fixture.Anonymous.SendAsync(request);
        var document = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("attacker.example", document);
        Assert.True(JsonDocument.Parse(document).RootElement.GetProperty("paths").TryGetProperty("/related", out _));
    }

    [Fact]
    public async Task HEAD_health_answers_200()
    {
        using var response = await fixture.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
