using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using StackExchange.Redis;

namespace Recommender.Server.Health;

/// <summary>
/// <c>/health</c> (liveness: the process answers; no check runs) and <c>/ready</c> (readiness: the index is open, the
/// profile store answers and, with Redis configured, Redis answers a PING), as ASP.NET Core health checks.
/// </summary>
public static class HealthEndpoints
{
    const string Readiness = "ready";
    const string Redis = "redis";

    /// <summary>The readiness checks; after the profile store is registered, so the Redis check comes only with Redis.</summary>
    public static void AddHealth(this IServiceCollection services)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<IndexCheck>("index", tags: [Readiness])
            .AddCheck<ProfileStoreCheck>("profiles", tags: [Readiness]);
        if (services.Any(service => service.ServiceType == typeof(IConnectionMultiplexer)))
            checks.AddCheck<RedisCheck>(Redis, tags: [Readiness]);
        // MapHealthChecks endpoints are not seen by the API explorer (dotnet/aspnetcore#18153): described here instead.
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Paths ??= [];
            document.Paths["/health"] = PathItem("Liveness: the process answers.", HttpMethod.Get, HttpMethod.Head);
            document.Paths["/ready"] = PathItem("Readiness: the index is open and the profile store answers.", HttpMethod.Get);
            return Task.CompletedTask;
        }));
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        // Health check endpoints take any method, so HEAD /health answers 200 as GET does (load balancers probe with HEAD).
        routes.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (http, _) => TypedResults.Ok(new HealthAnswer("ok")).ExecuteAsync(http),
        });
        routes.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Readiness),
            ResponseWriter = WriteReadiness,
        });
        return routes;
    }

    /// <remarks>With Redis configured the answer says whether it answered a PING: the profiles live there.</remarks>
    static Task WriteReadiness(HttpContext http, HealthReport report)
    {
        var redis = report.Entries.TryGetValue(Redis, out var ping) ? (ping.Status == HealthStatus.Healthy ? "reachable" : "unreachable") : null;
        if (report.Status == HealthStatus.Healthy) return TypedResults.Ok(new HealthAnswer("ready", redis)).ExecuteAsync(http);
        var failures = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Exception?.Message ?? entry.Value.Description}");
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.", detail: string.Join("; ", failures),
            extensions: redis is null ? null : new Dictionary<string, object?> { [Redis] = redis }).ExecuteAsync(http);
    }

    static OpenApiPathItem PathItem(string summary, params HttpMethod[] methods) => new()
    {
        Operations = methods.ToDictionary(method => method, _ => new OpenApiOperation
        {
            Summary = summary,
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "OK" },
                ["503"] = new OpenApiResponse { Description = "Not ready (readiness only)" },
            },
        }),
    };
}

/// <param name="Redis">Whether Redis answers, when the server is configured with one.</param>
public sealed record HealthAnswer(string Status, string? Redis = null);

/// <summary>The index is open: a searcher can be acquired (a disposed index throws).</summary>
sealed class IndexCheck(ArticleIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel)
    {
        index.WithSearcher(searcher => searcher.IndexReader.NumDocs);
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}

/// <summary>The profile store answers a read.</summary>
sealed class ProfileStoreCheck(IProfileStore profiles) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel)
    {
        await profiles.VersionAsync("-", "-", cancel);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Redis answers a PING.</summary>
sealed class RedisCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel)
    {
        await redis.GetDatabase().PingAsync().WaitAsync(cancel);
        return HealthCheckResult.Healthy();
    }
}
