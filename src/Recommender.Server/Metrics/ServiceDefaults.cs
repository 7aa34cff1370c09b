using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Recommender.Server.Health;

namespace Recommender.Server.Metrics;

/// <summary>
/// What every server node has besides its API, in one place (as dotnet/eShop's ServiceDefaults): health checks
/// (<c>/health</c>, <c>/ready</c>) and OpenTelemetry metrics on <c>/metrics</c> in Prometheus' text format.
/// </summary>
/// <remarks>
/// Exported: every meter named <c>Recommender.*</c> (each area's own, e.g. <c>Recommender.Redis</c>; a meter added
/// later under that name is exported without a change here), ASP.NET Core's (requests per route, Kestrel, rate
/// limiting) and the .NET runtime's (GC, thread pool).
/// </remarks>
public static class ServiceDefaults
{
    public const string MeterPrefix = "Recommender.";

    /// <summary>After the node's own services: the readiness checks look at what is registered.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealth();
        builder.AddMetricsExport();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealth();
        app.MapMetrics();
        return app;
    }

    /// <summary>OpenTelemetry metrics, unless <c>Metrics:Enabled</c> is false; with <c>Metrics:Url</c>, listens there too.</summary>
    public static void AddMetricsExport(this WebApplicationBuilder builder)
    {
        var metrics = MetricsOptions.From(builder.Configuration);
        if (!metrics.Enabled) return;
        if (metrics.Url is { } url)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls(string.IsNullOrEmpty(urls) ? url : $"{urls};{url}");
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("recommender"))
            .WithMetrics(meters => meters
                .AddMeter(MeterPrefix + "*")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
    }

    /// <summary><c>/metrics</c>, only on the port of <c>Metrics:Url</c> when it is set.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        var metrics = MetricsOptions.From(app.Configuration);
        if (!metrics.Enabled) return;
        NodeGauges.Register(app.Services);
        if (metrics.Port is { } port)
        {
            // By the port the connection came in on, which a client cannot choose through a proxy, unlike a Host header.
            app.UseWhen(http => http.Request.Path.StartsWithSegments(MetricsOptions.Path) && http.Connection.LocalPort != port,
                other => other.Run(http =>
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }));
        }
        // Scrapes are not requests of the API: they stay out of the request metrics.
        app.MapPrometheusScrapingEndpoint(MetricsOptions.Path).DisableHttpMetrics();
    }
}
