using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Importing;

/// <summary>Loads JSONL article records (one <see cref="ArticleJson"/> per line) into the index.</summary>
public sealed class ArticleImporter(ArticleIndex index)
{
    /// <summary>
    /// Imports every line; a bad line is reported with its number and reason and never stops the rest.
    /// <paramref name="onLine"/> is called after each line, for progress.
    /// </summary>
    public ImportReport ImportJsonl(string site, IEnumerable<string> lines, Action? onLine = null)
    {
        var report = new ImportReport();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line)) ImportLine(site, line, lineNumber, report);
            onLine?.Invoke();
        }
        return report;
    }

    void ImportLine(string site, string line, int lineNumber, ImportReport report)
    {
        ArticleJson? json;
        try
        {
            json = JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options);
        }
        catch (JsonException e)
        {
            report.Fail(lineNumber, $"not a JSON article: {e.Message}");
            return;
        }

        if (json is null)
        {
            report.Fail(lineNumber, "not a JSON article: null");
        }
        else if (!json.TryToArticle(site, out var article, out var error))
        {
            report.Fail(lineNumber, error!);
        }
        else
        {
            report.Count(index.Upsert(article!), new Uri(article!.Url).Host);
        }
    }
}

/// <summary>What an import did: counts, the hosts it saw, and every failed line with its reason.</summary>
public sealed class ImportReport
{
    readonly List<ImportFailure> failures = [];
    readonly HashSet<string> hosts = new(StringComparer.OrdinalIgnoreCase);

    public int Added { get; private set; }
    public int Updated { get; private set; }
    public IReadOnlyList<ImportFailure> Failures => failures;
    public IReadOnlyCollection<string> Hosts => hosts;

    public void Count(UpsertOutcome outcome, string host)
    {
        if (outcome == UpsertOutcome.Added) Added++; else Updated++;
        hosts.Add(host);
    }

    public void Fail(int line, string reason) => failures.Add(new ImportFailure(line, reason));
}

public sealed record ImportFailure(int Line, string Reason);
