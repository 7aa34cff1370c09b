using System.CommandLine;
using System.Text.Json;
using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary>
/// <c>recommender eval related|log|simulate</c>: the quality of recommendations, measured through the product's
/// own recommendation path on a temporary copy of a catalogue.
/// </summary>
static class RecommendationEvalCommands
{
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The options every recommendation evaluation takes, and the MoreLikeThis settings to try.</summary>
    sealed class CommonOptions
    {
        public readonly Option<int> K = new("--k") { Description = "List length scored (top k).", DefaultValueFactory = _ => 10 };
        public readonly Option<int?> Sample = new("--sample") { Description = "Score this many, chosen at random with --seed, instead of all." };
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of every random choice: the same seed gives the same numbers.", DefaultValueFactory = _ => 1 };
        public readonly Option<FileInfo?> Json = new("--json") { Description = "Also write the scores to this JSON file." };
        public readonly Option<int?> MinTermFreq = new("--min-term-freq") { Description = "MoreLikeThis: times a term must occur in the seed article (Recommendations:MinTermFreq)." };
        public readonly Option<int?> MinDocFreq = new("--min-doc-freq") { Description = "MoreLikeThis: articles a term must occur in (Recommendations:MinDocFreq)." };
        public readonly Option<int?> TermsPerSeed = new("--terms-per-seed") { Description = "MoreLikeThis: terms taken from each seed article (Recommendations:TermsPerSeed)." };
        public readonly Option<double?> TitleWeight = new("--title-weight") { Description = "MoreLikeThis: weight of title terms against body terms (Recommendations:TitleWeight)." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { K, Sample, Seed, Json, MinTermFreq, MinDocFreq, TermsPerSeed, TitleWeight }) command.Add(option);
        }

        /// <summary>The product's defaults, with the settings given on the command line.</summary>
        public ProfileQueryOptions QueryOptions(ParseResult result)
        {
            var options = new ProfileQueryOptions();
            if (result.GetValue(MinTermFreq) is { } minTermFreq) options = options with { MinTermFreq = minTermFreq };
            if (result.GetValue(MinDocFreq) is { } minDocFreq) options = options with { MinDocFreq = minDocFreq };
            if (result.GetValue(TermsPerSeed) is { } termsPerSeed) options = options with { TermsPerSeed = termsPerSeed };
            if (result.GetValue(TitleWeight) is { } titleWeight) options = options with { TitleWeight = titleWeight };
            return options;
        }
    }

    public static Command CreateRelated()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Labelled articles: JSONL with a section per article (bbc-news.jsonl), or MIND's news.tsv." };
        var common = new CommonOptions();
        var command = new Command("related", """
            Score /related?url= against the labels of the data, beside TF-IDF cosine.

            Every article (or --sample of them) asks for its top k related articles, through
            the product's own MoreLikeThis path on a temporary index of FILE; a recommended
            article is right when it has the same label (JSONL: section; MIND news.tsv:
            subcategory), and, reported apart, the same MIND category or a shared entity.
            The labels are not indexed, so they cannot help. TF-IDF cosine over the same
            index terms, to every article, is scored in the same run.

            Examples:
              recommender eval related ../shared/data/bbc-news.jsonl
              recommender eval related ../shared/data/mind-fragment/news.tsv --k 10 --json related.json
            """)
        {
            file,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var options = common.QueryOptions(result);
            return Run(result.GetValue(file)!, options, result.GetValue(common.Json), "related", workspace =>
            {
                var k = result.GetValue(common.K);
                var articles = Math.Min(result.GetValue(common.Sample) ?? int.MaxValue, workspace.Catalogue.Count);
                return WithProgress($"{articles} articles, top {k}", articles, tick =>
                    RelatednessEvaluation.Run(workspace, k, result.GetValue(common.Sample), result.GetValue(common.Seed), tick));
            });
        });
        return command;
    }

    /// <summary>Reads and indexes the catalogue, runs the evaluation, prints its table and writes its JSON.</summary>
    static int Run(FileInfo file, ProfileQueryOptions options, FileInfo? json, string kind,
        Func<EvalWorkspace, IReadOnlyList<StrategyScores>> evaluate)
    {
        if (!file.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.FullName} does not exist.[/]");
            return 2;
        }
        var catalogue = LabelledCatalogue.Read(file.FullName, EvalWorkspace.Site, out var skipped);
        if (catalogue.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.FullName} holds no labelled article ({skipped} lines skipped).[/]");
            return 2;
        }
        using var workspace = WithProgress($"indexing {catalogue.Count} articles", catalogue.Count, tick => EvalWorkspace.Create(catalogue, options, tick));
        var rows = evaluate(workspace);

        // Redirected output has no terminal width; keep the table readable in files.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        AnsiConsole.MarkupLineInterpolated($"{file.FullName}: {catalogue.Count} articles, {skipped} lines skipped");
        AnsiConsole.Write(Table(rows));
        if (json is not null)
        {
            var document = new
            {
                data = file.FullName,
                kind,
                articles = catalogue.Count,
                options,
                results = rows.Select(r => new { strategy = r.Strategy, scores = r.Scores, counts = r.Counts }),
            };
            File.WriteAllText(json.FullName, JsonSerializer.Serialize(document, JsonOptions));
            AnsiConsole.MarkupLineInterpolated($"Wrote {json.FullName}");
        }
        return 0;
    }

    static T WithProgress<T>(string description, int steps, Func<Action, T> work)
    {
        T result = default!;
        AnsiConsole.Progress().Start(progress =>
        {
            var task = progress.AddTask(description, maxValue: Math.Max(1, steps));
            result = work(() => task.Increment(1));
        });
        return result;
    }

    static Table Table(IReadOnlyList<StrategyScores> rows)
    {
        var metrics = rows.SelectMany(r => r.Scores.Keys).Distinct().ToList();
        var table = new Table().AddColumn("strategy");
        foreach (var metric in metrics) table.AddColumn(new TableColumn(metric).RightAligned());
        foreach (var row in rows)
        {
            var scores = row.Scores;
            table.AddRow([Markup.Escape(row.Strategy), .. metrics.Select(m => scores.TryGetValue(m, out var v) ? v.ToString("0.000") : "-")]);
        }
        return table;
    }
}
