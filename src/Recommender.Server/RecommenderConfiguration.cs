using Recommender.Core.Sites;

namespace Recommender.Server;

/// <summary>The configuration sources that every command reads, so `import` sees the sites `serve` sees.</summary>
public static class RecommenderConfiguration
{
    /// <summary>Adds the data folder's own files: the sites that imports registered.</summary>
    public static IConfigurationBuilder AddDataFolder(this IConfigurationBuilder configuration, string dataDirectory) =>
        configuration.AddJsonFile(SiteRegistrations.PathIn(Path.GetFullPath(dataDirectory)), optional: true, reloadOnChange: true);

    /// <summary>The configuration of a command that runs without the web host.</summary>
    public static IConfiguration ForCommand(string dataDirectory) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddDataFolder(dataDirectory)
            .Build();
}
