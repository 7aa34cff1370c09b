using System.Net;
using System.Text.Json;

namespace Recommender.Server.Tests.Api;

public sealed class ServiceEndpointTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        using var document = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/related", "/profile", "/history", "/search", "/health", "/ready" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
        var profile = paths.GetProperty("/profile").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "post", "delete" }, profile);
    }

    [Theory]
    [InlineData("/health", "ok")]
    [InlineData("/ready", "ready")]
    public async Task Health_and_readiness_answer(string path, string status)
    {
        using var response = await fixture.Server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Head_health_answers_as_get_does()
    {
        using var response = await fixture.Server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
