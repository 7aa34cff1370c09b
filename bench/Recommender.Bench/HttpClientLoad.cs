namespace Recommender.Bench;

/// <summary>The other load client beside <see cref="HttpLoadConnection"/>: a synchronous GET over <see cref="HttpClient"/>, as a .NET caller sends it.</summary>
static class HttpClientLoad
{
    /// <summary>Sends a GET and reads the body; returns whether it succeeded and whether the response cache had it.</summary>
    public static (bool Ok, bool Hit) Get(HttpClient client, string path)
    {
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, path));
        response.Content.ReadAsStream().CopyTo(Stream.Null);
        return (response.IsSuccessStatusCode, response.Headers.TryGetValues("X-Cache", out var cache) && cache.Single() == "HIT");
    }
}
