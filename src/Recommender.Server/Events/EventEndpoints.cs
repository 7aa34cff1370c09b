using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Events;

namespace Recommender.Server.Events;

/// <summary><c>POST /events</c>: the tag's pageviews and heartbeats, onto the events stream.</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events", Ingest)
            .WithSummary("One event or a batch (JSON, also sent as text/plain by beacons); answers 202 with what it accepted and rejected.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/events/stats", (IngestCounters counters, [FromServices] ChannelEventStream? embedded) =>
                TypedResults.Ok(counters.Snapshot(embedded?.Count)))
            .WithSummary("Events accepted, refused while the stream was full, and rejected by reason, since the server started; " +
                         "with the embedded stream, its backlog (accepted, not processed yet).");
        return routes;
    }

    static async Task<Results<Accepted<IngestAnswer>, ProblemHttpResult>> Ingest(
        HttpRequest request, EventIngest ingest, IEventStream stream, IngestCounters counters, EventLimits limits, CancellationToken ct)
    {
        var body = await ReadCappedAsync(request.Body, limits.MaxBodyBytes, ct);
        if (body is null)
        {
            counters.Reject("body_too_large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large.",
                detail: $"A request carries at most {limits.MaxBodyBytes} bytes.");
        }
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            counters.Reject("malformed");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON.",
                detail: "Send one event object or an array of them.");
        }
        if (json.ValueKind == JsonValueKind.Array && json.GetArrayLength() > limits.MaxBatch)
        {
            counters.Reject("batch_too_large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The batch is too large.",
                detail: $"A request carries at most {limits.MaxBatch} events.");
        }

        var result = ingest.Read(json, request.Headers.UserAgent.ToString());
        var published = result.Accepted.Count == 0 || await stream.TryPublishAsync(result.Accepted, ct);
        counters.Count(result, published);
        if (!published)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The events stream is full.",
                detail: "Nothing was accepted; send the events again after Retry-After seconds.");
        }
        return TypedResults.Accepted((string?)null, new IngestAnswer(result.Accepted.Count, result.Rejected));
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    static async Task<byte[]?> ReadCappedAsync(Stream body, int max, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

public sealed record IngestAnswer(int Accepted, IReadOnlyDictionary<string, int> Rejected);

/// <summary>Caps of <c>POST /events</c>, from <c>Events:MaxBodyBytes</c> and <c>Events:MaxBatch</c>.</summary>
public sealed record EventLimits
{
    public int MaxBodyBytes { get; init; } = 64 * 1024;
    public int MaxBatch { get; init; } = 100;
}
