using System.CommandLine;
using Recommender.Server.Streaming.Kafka;

namespace Recommender.Server.Commands;

/// <summary><c>recommender crawler</c>: runs the crawler as its own process in the Kafka set-up.</summary>
public static class CrawlerCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder for the crawler's own index of crawled pages and its failure log.", DefaultValueFactory = _ => "./crawler-data" };
        var command = new Command("crawler", """
            Run the crawler as its own process (Kafka set-up; see deploy/README.md).

            It reads page events from Kafka in the consumer group Kafka:CrawlerGroup, crawls
            pages not crawled yet, and publishes the articles to the articles topic, which
            every server node indexes. Settings come as for `serve`: appsettings.json,
            environment variables and --Section:Key=value arguments.

            Examples:
              recommender crawler --Kafka:BootstrapServers=kafka:9092
              recommender crawler --data /var/lib/crawler --Crawler:Workers=4
            """)
        {
            data,
        };
        // Unknown tokens are configuration overrides, as for `serve`.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancel) =>
        {
            using var host = CrawlerProcess.Build(result.GetValue(data)!, [.. result.UnmatchedTokens]);
            await host.RunAsync(cancel);
            return 0;
        });
        return command;
    }
}
