using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Events;

/// <summary>The embedded stream's backlog, which a killed process loses, is visible in /events/stats and as a metric.</summary>
public sealed class EventBacklogTests
{
    const string Site = Catalogues.SampleSite;

    /// <summary>A processor that holds the first batch until the test lets it go.</summary>
    sealed class Gate : IEventProcessor
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(ct);
        }
    }

    [Fact]
    public async Task Events_accepted_while_the_processors_are_busy_show_as_backlog_until_processed()
    {
        using var data = new TempDirectory();
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        var gate = new Gate();
        await using var server = await RunningServer.StartAsync(data.Path, customize: builder => builder.Services.AddSingleton<IEventProcessor>(gate));
        var page = Catalogues.Sample()[0].Url;

        await PostAsync(server, Enumerable.Range(0, 1).Select(i => page));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await PostAsync(server, Enumerable.Range(0, 30).Select(i => page));
        var held = await BacklogAsync(server);
        var measured = MeasuredBacklog(server);
        gate.Open.SetResult();
        await PublisherSite.EventuallyAsync(async () => await BacklogAsync(server) == 0, "the backlog is processed");

        Assert.Equal(30, held);
        Assert.Equal(30, measured);
    }

    static async Task PostAsync(RunningServer server, IEnumerable<string> urls)
    {
        var events = urls.Select(url => new { apikey = Site, action = "pageview", url, uuid = Guid.NewGuid().ToString() }).ToArray();
        using var response = await server.Client.PostAsync("/events", new StringContent(JsonSerializer.Serialize(events), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    static async Task<long> BacklogAsync(RunningServer server) =>
        (await server.Client.GetFromJsonAsync<JsonElement>("/events/stats")).GetProperty("backlog").GetInt64();

    /// <summary>What this server's <c>recommender.events.backlog</c> gauge reads now.</summary>
    static long MeasuredBacklog(RunningServer server)
    {
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        long? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "recommender.events.backlog") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException("the server has no recommender.events.backlog gauge");
    }
}
