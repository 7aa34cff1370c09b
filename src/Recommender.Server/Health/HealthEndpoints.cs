using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using StackExchange.Redis;

namespace Recommender.Server.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        // HEAD too: load balancers and uptime checks often probe with it.
        routes.MapMethods("/health", ["GET", "HEAD"], () => TypedResults.Ok(new HealthAnswer("ok")))
            .WithSummary("Liveness: the process answers.");
        routes.MapGet("/ready", Ready)
            .WithSummary("Readiness: the index is open and the profile store answers.");
        return routes;
    }

    /// <remarks>With Redis configured, it must answer a PING too: the profiles live there. The answer says so.</remarks>
    static async Task<Results<Ok<HealthAnswer>, ProblemHttpResult>> Ready(
        ArticleIndex index, IProfileStore profiles, IServiceProvider services, CancellationToken cancel)
    {
        var redis = services.GetService<IConnectionMultiplexer>();
        try
        {
            index.WithSearcher(searcher => searcher.IndexReader.NumDocs);
            await profiles.VersionAsync("-", "-", cancel);
            if (redis is not null) await redis.GetDatabase().PingAsync().WaitAsync(cancel);
            return TypedResults.Ok(new HealthAnswer("ready", redis is null ? null : "reachable"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.", detail: e.Message,
                extensions: redis is null ? null : new Dictionary<string, object?> { ["redis"] = redis.IsConnected ? "reachable" : "unreachable" });
        }
    }
}

/// <param name="Redis">Whether Redis answers, when the server is configured with one.</param>
public sealed record HealthAnswer(string Status, string? Redis = null);
