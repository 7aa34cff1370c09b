using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.Server.Tests.Api;

/// <summary>Rate limits per client address over real HTTP: each test client connects from a loopback address of its own.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;
    const string Generous = "generous.example";

    readonly TempDirectory data = new();
    RunningServer server = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        server = await RunningServer.StartAsync(data.Path,
        [
            "--RateLimits:ReadsPerSecond=5", "--RateLimits:EventsPerSecond=5", "--RateLimits:TrainingsPerSecond=5",
            $"--Sites:{Generous}:AllowedHosts:0=news.example.org", $"--Sites:{Generous}:RateLimits:ReadsPerSecond=1000",
        ]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (any of 127.0.0.0/8 is this machine).</summary>
    HttpClient ClientFrom(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = server.Client.BaseAddress };

    [Theory]
    [InlineData("GET", "/search?apikey=" + Site + "&q=cup")]
    [InlineData("GET", "/related?apikey=" + Site + "&strategy=popular")]
    [InlineData("POST", "/profile?apikey=" + Site + "&uuid=r1&url=https%3A%2F%2Fnews.example.org%2Fa")]
    [InlineData("POST", "/events")]
    public async Task A_flood_from_one_address_gets_429_with_retry_after_while_another_address_is_served(string method, string path)
    {
        using var flooder = ClientFrom("127.0.0.2");
        using var other = ClientFrom("127.0.0.3");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await flooder.SendAsync(Request(method, path));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else response.Dispose();
        }
        using var served = await other.SendAsync(Request(method, path));

        Assert.NotNull(refused);
        // A burst of two seconds' worth passes first.
        Assert.True(statuses.Count > 5, string.Join(", ", statuses));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, served.StatusCode);
        Assert.True((int)served.StatusCode < 500, $"{served.StatusCode}");
        refused.Dispose();
    }

    [Fact]
    public async Task A_site_may_raise_its_own_limit()
    {
        using var client = ClientFrom("127.0.0.4");

        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync($"/related?apikey={Generous}&strategy=popular");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" && path == "/events"
            ? new StringContent($$"""{"apikey":"{{Site}}","action":"pageview","url":"https://news.example.org/a","uuid":"r1"}""", Encoding.UTF8, "application/json")
            : null,
    };
}
