using System.CommandLine;
using System.Text.Json;
using Recommender.Crawler.Evaluation;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary><c>recommender eval</c>: measures the quality of the crawler's extraction and of recommendations on annotated data.</summary>
public static class EvalCommand
{
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create() => new("eval", "Measure quality on annotated data sets.")
    {
        CreateExtraction(),
        RecommendationEvalCommands.CreateRelated(),
        RecommendationEvalCommands.CreateLog(),
        RecommendationEvalCommands.CreateImpressions(),
        RecommendationEvalCommands.CreateSimulate(),
        EvalStoriesCommand.Create(),
    };

    static Command CreateExtraction()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Trafilatura's evaluation folder (with evaldata.json) or Readability's test-pages folder." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the scores to this JSON file." };
        var limit = new Option<int?>("--limit") { Description = "Score an evenly spread sample of this many pages instead of all." };
        var extractor = new Option<string[]>("--extractor")
        {
            Description = $"Extractors to compare: {string.Join(", ", Extractor.All.Select(e => e.Name))} (default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("extraction", """
            Score article extraction (body text, title, author, date) on annotated pages.

            The kind of data set is recognised from the folder: Trafilatura's evaluation
            (evaldata.json, pages in eval/ and cache/) is scored as Trafilatura scores it,
            by the text segments the body must and must not contain; Readability's test
            pages by the word tokens shared with expected.html. Both also report the share
            of pages whose title, author and publication date are right.

            Examples:
              recommender eval extraction ../shared/data/extraction/trafilatura-eval/tests
              recommender eval extraction ../shared/data/extraction/readability-pages/test/test-pages --json readability.json
              recommender eval extraction ../shared/data/extraction/trafilatura-eval/tests --limit 100 --extractor recommender
            """)
        {
            directory,
            json,
            limit,
            extractor,
        };
        command.SetAction((result, cancel) => Task.FromResult(RunExtraction(
            result.GetValue(directory)!, result.GetValue(json), result.GetValue(limit), result.GetValue(extractor) ?? [], cancel)));
        return command;
    }

    static int RunExtraction(DirectoryInfo directory, FileInfo? json, int? limit, string[] extractorNames, CancellationToken cancel)
    {
        if (EvalData.Detect(directory.FullName) is not { } kind)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{directory.FullName} holds neither evaldata.json nor folders with source.html.[/]");
            return 2;
        }
        var extractors = extractorNames.Length == 0 ? Extractor.All : [.. Extractor.All.Where(e => extractorNames.Contains(e.Name, StringComparer.OrdinalIgnoreCase))];
        if (extractors.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No extractor named {string.Join(", ", extractorNames)}; there are {string.Join(", ", Extractor.All.Select(e => e.Name))}.[/]");
            return 2;
        }
        var names = EvalData.PageNames(directory.FullName, kind);
        if (limit is > 0 && limit < names.Count) names = [.. Enumerable.Range(0, limit.Value).Select(i => names[i * names.Count / limit.Value])];

        IReadOnlyList<ExtractorResult> results = [];
        AnsiConsole.Progress().Start(progress =>
        {
            var task = progress.AddTask($"{kind}: {names.Count} pages", maxValue: names.Count);
            var pages = EvalData.Load(directory.FullName, kind, names).TakeWhile(_ => !cancel.IsCancellationRequested);
            results = ExtractionEvaluation.Run(pages, extractors, () => task.Increment(1));
        });

        // Redirected output has no terminal width; keep the table readable in files.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        AnsiConsole.Write(ResultTable(kind, results));
        if (json is not null)
        {
            File.WriteAllText(json.FullName, JsonSerializer.Serialize(new { data = directory.FullName, kind = kind.ToString(), results }, JsonOptions));
            AnsiConsole.MarkupLineInterpolated($"Wrote {json.FullName}");
        }
        return 0;
    }

    static Table ResultTable(EvalDataKind kind, IReadOnlyList<ExtractorResult> results)
    {
        var known = results.Count == 0 ? new ExtractionScore() : results[0].Score;
        var table = new Table()
            .Caption($"title, author, date: share right among the {known.TitlesKnown}, {known.AuthorsKnown}, {known.DatesKnown} pages that state them")
            .AddColumn("extractor").AddColumn(new TableColumn("pages").RightAligned());
        string[] bodyColumns = kind == EvalDataKind.Trafilatura ? ["P", "R", "F", "acc"] : ["tok P", "tok R", "tok F"];
        foreach (var column in bodyColumns.Concat(["title", "author", "date", "date±1", "s"])) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (name, score, seconds) in results)
        {
            double[] body = kind == EvalDataKind.Trafilatura
                ? [score.Precision, score.Recall, score.FScore, score.Accuracy]
                : [score.TokenPrecision, score.TokenRecall, score.TokenFScore];
            table.AddRow([
                name, score.Pages.ToString(),
                .. body.Select(v => v.ToString("0.000")),
                Share(score.TitlesRight, score.TitlesKnown), Share(score.AuthorsRight, score.AuthorsKnown),
                Share(score.DatesRight, score.DatesKnown), Share(score.DatesWithinADay, score.DatesKnown),
                seconds.ToString("0.0"),
            ]);
        }
        return table;
    }

    static string Share(int right, int known) => known == 0 ? "-" : $"{100.0 * right / known:0.0}%";
}
