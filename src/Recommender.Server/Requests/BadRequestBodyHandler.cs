using Microsoft.AspNetCore.Diagnostics;

namespace Recommender.Server.Requests;

/// <summary>
/// What Kestrel throws while a handler reads a request it cannot finish (a body slower than
/// <c>MinRequestBodyDataRate</c>, 240 bytes/s after 5 s: 408; a body past <c>MaxRequestBodySize</c>: 413; a broken
/// chunked encoding: 400) answers with Kestrel's own status as a problem, not 500, and logs nothing: the client is
/// at fault, and a slow-body flood would otherwise write a stack trace per request.
/// </summary>
public sealed class BadRequestBodyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancel)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
        });
    }
}
