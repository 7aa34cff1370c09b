using System.CommandLine;
using Recommender.Server.Commands;

var serve = ServeCommand.Create();
var root = new RootCommand("Recommender: a self-hosted content recommendation server for publishers.")
{
    serve,
    ImportCommand.Create(),
    ImportHistoryCommand.Create(),
    EvalCommand.Create(),
    CrawlerCommand.Create(),
    AdminCommand.Create(),
    ExtractCommand.Create(),
    DigestCommand.Create(),
};

// `dotnet run` with no arguments serves on the embedded default.
root.SetAction((result, cancel) => ServeCommand.RunAsync(ServeCommand.DefaultSettings, [], cancel));

return await root.Parse(args).InvokeAsync();
