using System.CommandLine;

namespace Recommender.Server.Commands;

/// <summary><c>recommender import</c>: loads articles into a site's catalogue.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "Load articles from a JSONL file or a file of URLs.");
        return command;
    }
}
