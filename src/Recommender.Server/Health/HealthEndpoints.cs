using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;

namespace Recommender.Server.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthAnswer("ok")))
            .WithSummary("Liveness: the process answers.");
        routes.MapGet("/ready", Ready)
            .WithSummary("Readiness: the index is open and the profile store answers.");
        return routes;
    }

    static async Task<Results<Ok<HealthAnswer>, ProblemHttpResult>> Ready(ArticleIndex index, IProfileStore profiles, CancellationToken cancel)
    {
        try
        {
            index.WithSearcher(searcher => searcher.IndexReader.NumDocs);
            await profiles.VersionAsync("-", "-", cancel);
            return TypedResults.Ok(new HealthAnswer("ready"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.", detail: e.Message);
        }
    }
}

public sealed record HealthAnswer(string Status);
