using Microsoft.OpenApi;

namespace Recommender.Server.Sites;

/// <summary>What every answer and the OpenAPI document say, whatever the request.</summary>
public static class ResponseHeaders
{
    /// <summary><c>X-Content-Type-Options: nosniff</c> on every answer: a browser never runs a JSON answer as a script or page.</summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return next(context);
    });

    /// <summary>
    /// The document names no server: by default it copies the request's Host header into its server URL, so a
    /// forged Host (or a cache in front) would hand clients an address of the requester's choosing. Without one,
    /// clients resolve the paths against where they fetched the document.
    /// </summary>
    public static void WithoutServers(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        });
}
