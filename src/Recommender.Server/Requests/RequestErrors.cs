using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Server.Requests;

/// <summary>
/// Collects what is wrong with a request, field by field, and answers with one RFC 7807 problem that
/// names every bad field.
/// </summary>
public sealed class RequestErrors
{
    readonly Dictionary<string, List<string>> errors = [];

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
        title: "The request has invalid parameters.");

    public static ProblemHttpResult UnknownSite(string apikey) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown site.",
        detail: $"apikey: no site '{apikey}' is configured or registered.");
}
