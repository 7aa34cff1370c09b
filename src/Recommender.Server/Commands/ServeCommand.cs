using System.CommandLine;

namespace Recommender.Server.Commands;

/// <summary><c>recommender serve</c>: runs the HTTP server.</summary>
public static class ServeCommand
{
    public static readonly ServerSettings DefaultSettings = new("http://localhost:5080", "./data");

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'.", DefaultValueFactory = _ => DefaultSettings.Urls };
        var data = new Option<string>("--data") { Description = "Folder for the index, profiles and site registrations.", DefaultValueFactory = _ => DefaultSettings.DataDirectory };
        var command = new Command("serve", """
            Run the recommendation server.

            Every setting also comes from appsettings.json and environment variables,
            and from further --Section:Key=value arguments, as ASP.NET Core reads them.

            Examples:
              recommender serve
              recommender serve --urls http://0.0.0.0:8080 --data /var/lib/recommender
              recommender serve --Crawler:UserAgent="MyBot/1.0"
            """)
        {
            urls,
            data,
        };
        // Unknown tokens are configuration overrides for ASP.NET Core, not mistakes.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancel) => RunAsync(
            new ServerSettings(result.GetValue(urls)!, result.GetValue(data)!),
            [.. result.UnmatchedTokens],
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(ServerSettings settings, string[] configurationArgs, CancellationToken cancel)
    {
        await using var app = RecommenderApp.Build(settings, configurationArgs);
        await app.RunAsync(cancel);
        return 0;
    }
}
