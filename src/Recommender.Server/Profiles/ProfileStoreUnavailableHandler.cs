using Microsoft.AspNetCore.Diagnostics;
using Recommender.Core.Profiles;
using Recommender.Server.Caching;

namespace Recommender.Server.Profiles;

/// <summary>
/// A request that needs the profile store while it cannot be reached (Redis down) answers 503 with a problem,
/// which tells a client to retry, instead of a 500. Answers that can do without a profile never get here.
/// </summary>
public sealed class ProfileStoreUnavailableHandler(IProblemDetailsService problems, RedisErrors errors) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancel)
    {
        if (exception is not ProfileStoreUnavailableException unavailable) return false;
        errors.Record("profile store", unavailable);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The profile store is unavailable; retry shortly." },
        });
    }
}
