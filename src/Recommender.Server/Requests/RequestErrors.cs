using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Server.Requests;

/// <summary>
/// Collects what is wrong with a request, field by field, and answers with one RFC 7807 problem that
/// names every bad field: 404 when the site is unknown, 400 otherwise.
/// </summary>
public sealed class RequestErrors
{
    readonly Dictionary<string, List<string>> errors = [];
    bool unknownSite;

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
    }

    public void AddUnknownSite(string apikey)
    {
        unknownSite = true;
        Add("apikey", $"no site '{apikey}' is configured or registered");
    }

    /// <summary>Each bad field and what is wrong with it, as the problem's detail says it (and a command prints it).</summary>
    public override string ToString() => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));

    public ProblemHttpResult ToProblem() => TypedResults.Problem(
        statusCode: unknownSite ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
        title: unknownSite ? "Unknown site." : "The request has invalid parameters.",
        detail: ToString(),
        extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary(e => e.Key, e => e.Value.ToArray()) });
}

public static class RequestProblemMetadata
{
    /// <summary>Documents the problems every endpoint that takes an apikey may answer.</summary>
    public static RouteHandlerBuilder ProducesRequestProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
}
