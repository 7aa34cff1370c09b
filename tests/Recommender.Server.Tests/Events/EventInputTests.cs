using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Events;

/// <summary>Event bodies that are broken in ways JSON parsing alone does not catch.</summary>
public sealed class EventInputTests : IAsyncLifetime
{
    PublisherSite publisher = null!;

    public async Task InitializeAsync() => publisher = await PublisherSite.StartAsync();

    public async Task DisposeAsync() => await publisher.DisposeAsync();

    public static TheoryData<string> Fields => ["apikey", "action", "url", "canonical_url", "uuid", "id", "referrer"];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_lone_surrogate_or_an_invalid_utf8_byte_in_a_string_field_rejects_that_event_as_malformed_and_keeps_the_other_99(string field)
    {
        var page = publisher.Articles[0].Url;
        // Both escaped (valid JSON text, invalid UTF-16) and raw (a byte that is no UTF-8 at all).
        foreach (var bad in new[] { "\"\\ud800\""u8.ToArray(), [(byte)'"', 0xFF, (byte)'x', (byte)'"'] })
        {
            var good = Enumerable.Range(0, 99).Select(i => publisher.Event("pageview", page, $"reader-{i}")).ToArray();
            var marker = "\"@BAD@\""u8.ToArray();
            var template = publisher.Event("pageview", page, "reader-bad", (field, "@BAD@"));
            var body = Concat(JsonSerializer.SerializeToUtf8Bytes<object[]>([.. good, template]), marker, bad);

            using var response = await publisher.Server.Client.PostAsync("/events", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{field}: {(int)response.StatusCode} {text}");
            var answer = JsonDocument.Parse(text).RootElement;
            Assert.Equal(99, answer.GetProperty("accepted").GetInt32());
            Assert.Equal(1, answer.GetProperty("rejected").GetProperty("malformed").GetInt32());
        }
    }

    [Fact]
    public async Task A_body_sent_too_slowly_gets_408_and_no_error_is_logged()
    {
        var log = new CapturedLog();
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, customize: builder =>
        {
            builder.Logging.AddProvider(log);
            // Kestrel's default is 240 bytes/s after 5 s of grace; 2 s (at least 1) keeps the test short.
            builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2)));
        });

        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n[{\"a\":"));
        var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", status);
        Assert.Empty(log.Errors);
    }

    static byte[] Concat(byte[] json, byte[] marker, byte[] replacement)
    {
        var at = json.AsSpan().IndexOf(marker);
        return [.. json.AsSpan(0, at), .. replacement, .. json.AsSpan(at + marker.Length)];
    }
}
