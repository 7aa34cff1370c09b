using Recommender.Server.Health;

namespace Recommender.Server;

/// <summary>Composes the server: services, configuration and endpoints.</summary>
public static class RecommenderApp
{
    public static WebApplication Build(ServerSettings settings, string[] configurationArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.MapOpenApi();
        app.MapHealth();
        return app;
    }
}
