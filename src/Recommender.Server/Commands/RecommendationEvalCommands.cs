using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;
using Recommender.Core.Semantic;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary>
/// <c>recommender eval related|log|impressions|simulate</c>: the quality of recommendations, measured through the product's
/// own recommendation path on a temporary copy of a catalogue.
/// </summary>
static class RecommendationEvalCommands
{
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The options every recommendation evaluation takes, and the MoreLikeThis settings to try.</summary>
    /// <summary>For the commands that embed the catalogue: where its vectors are kept between runs (<see cref="VectorFile"/>).</summary>
    static Option<FileInfo?> VectorsOption() => new("--vectors")
    {
        Description = "Keep the articles' vectors in this file: read those it holds instead of embedding them again, write all after indexing (embedding is most of a run's time).",
    };

    sealed class CommonOptions
    {
        public readonly Option<int> K = new("--k") { Description = "List length scored (top k).", DefaultValueFactory = _ => 10 };
        public readonly Option<int?> Sample = new("--sample") { Description = "Score this many, chosen at random with --seed, instead of all." };
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of every random choice: the same seed gives the same numbers.", DefaultValueFactory = _ => 1 };
        public readonly Option<FileInfo?> Json = new("--json") { Description = "Also write the scores to this JSON file." };
        public readonly Option<int?> MinTermFreq = new("--min-term-freq") { Description = "MoreLikeThis: times a term must occur in the seed article (Recommendations:MinTermFreq)." };
        public readonly Option<int?> MinDocFreq = new("--min-doc-freq") { Description = "MoreLikeThis: articles a term must occur in (Recommendations:MinDocFreq)." };
        public readonly Option<int?> TermsPerSeed = new("--terms-per-seed") { Description = "MoreLikeThis: terms taken from each seed article (Recommendations:TermsPerSeed)." };
        public readonly Option<int?> MaxQueryTerms = new("--max-query-terms") { Description = "MoreLikeThis: clauses of the query at most, across seeds (Recommendations:MaxQueryTerms)." };
        public readonly Option<double?> TitleWeight = new("--title-weight") { Description = "MoreLikeThis: weight of title terms against body terms (Recommendations:TitleWeight)." };

        public void AddTo(Command command)
        {
            K.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1) result.AddError("--k must be at least 1.");
            });
            foreach (var option in new Option[] { K, Sample, Seed, Json, MinTermFreq, MinDocFreq, TermsPerSeed, MaxQueryTerms, TitleWeight }) command.Add(option);
        }

        /// <summary>The product's defaults, with the settings given on the command line.</summary>
        public ProfileQueryOptions QueryOptions(ParseResult result)
        {
            var options = new ProfileQueryOptions();
            if (result.GetValue(MinTermFreq) is { } minTermFreq) options = options with { MinTermFreq = minTermFreq };
            if (result.GetValue(MinDocFreq) is { } minDocFreq) options = options with { MinDocFreq = minDocFreq };
            if (result.GetValue(TermsPerSeed) is { } termsPerSeed) options = options with { TermsPerSeed = termsPerSeed };
            if (result.GetValue(MaxQueryTerms) is { } maxQueryTerms) options = options with { MaxQueryTerms = maxQueryTerms };
            if (result.GetValue(TitleWeight) is { } titleWeight) options = options with { TitleWeight = titleWeight };
            return options;
        }
    }

    public static Command CreateRelated()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Labelled articles: JSONL with a section per article (bbc-news.jsonl), or MIND's news.tsv." };
        var common = new CommonOptions();
        var vectors = VectorsOption();
        var command = new Command("related", """
            Score /related?url= against the labels of the data, beside TF-IDF cosine and
            the semantic layer (MiniLM vectors: alone, over every article; and the hybrid
            that re-ranks the lexical window, at several weights). --vectors FILE keeps the
            vectors between runs, so that only the first run of a catalogue embeds it.

            Every article (or --sample of them) asks for its top k related articles, through
            the product's own MoreLikeThis path on a temporary index of FILE; a recommended
            article is right when it has the same label (JSONL: section; MIND news.tsv:
            subcategory), and, reported apart, the same MIND category or a shared entity.
            The labels are not indexed and every URL is replaced by an opaque one, so they
            cannot help. The baseline, scored in the same run on the same titles and bodies:
            scikit-learn's TfidfVectorizer(stop_words='english', sublinear_tf=True,
            min_df=2), cosine to every article.

            Examples:
              recommender eval related ../shared/data/bbc-news.jsonl
              recommender eval related ../shared/data/mind-fragment/news.tsv --k 10 --json related.json
              recommender eval related ../shared/data/bbc-news.jsonl --vectors /tmp/bbc.vectors
            """)
        {
            file,
            vectors,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var options = common.QueryOptions(result);
            // Opaque URLs: the labels must not be readable from anything the recommender or the baseline sees.
            return Run(result.GetValue(file)!, options, result.GetValue(common.Json), "related", ArticleEmbedder.ForAllSites, workspace =>
            {
                var k = result.GetValue(common.K);
                var articles = Math.Min(result.GetValue(common.Sample) ?? int.MaxValue, workspace.Catalogue.Count);
                return WithProgress($"{articles} articles, top {k}", articles, tick =>
                    RelatednessEvaluation.Run(workspace, k, result.GetValue(common.Sample), result.GetValue(common.Seed), tick));
            }, opaqueUrls: true, vectors: result.GetValue(vectors));
        });
        return command;
    }

    public static Command CreateLog()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A reading log: MIND's behaviors.tsv, or uuid,url,timestamp[,event] as CSV or JSONL (.jsonl)." };
        var articles = new Option<FileInfo?>("--articles") { Description = "The catalogue the log reads (JSONL articles or MIND news.tsv); for behaviors.tsv, news.tsv beside it by default." };
        var common = new CommonOptions();
        var command = new Command("log", """
            Replay a reading log in time order and score each strategy's next-click lists.

            Before each click of a reader who has read something already, every strategy
            gives its top k from what came before only (profiles, view counts); the list is
            scored against what the reader reads from then on: MAP@k, nDCG@k, MRR, recall@k,
            catalogue coverage and uniqueness across readers. Strategies: contextual
            (/related?url= of the page last read), personalised (/related?uuid=), popular
            (most clicks so far), trending (clicks in the last hour beyond the day's hourly
            rate), and hybrid α·relevance + (1−α)·popularity for α = 0, 0.25, 0.5, 0.75, 1.
            On MIND impressions also AUC, MRR, nDCG@5 and nDCG@10 over each impression's
            candidates, as the MIND benchmark scores them. --sample scores that many readers.

            Examples:
              recommender eval log ../shared/data/mind-fragment/behaviors.tsv
              recommender eval simulate ../shared/data/bbc-news.jsonl --log reads.csv
              recommender eval log reads.csv --articles ../shared/data/bbc-news.jsonl --json log.json
            """)
        {
            file,
            articles,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var logFile = result.GetValue(file)!;
            var catalogueFile = result.GetValue(articles) ??
                (logFile.Extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? new FileInfo(Path.Combine(logFile.DirectoryName ?? ".", "news.tsv")) : null);
            if (catalogueFile is null)
            {
                AnsiConsole.MarkupLine("[red]--articles FILE: the catalogue the log reads is needed.[/]");
                return 2;
            }
            if (!logFile.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{logFile.FullName} does not exist.[/]");
                return 2;
            }
            var log = ReadingLog.Read(logFile.FullName);
            return Run(catalogueFile, common.QueryOptions(result), result.GetValue(common.Json), "log", embedder: null, workspace =>
            {
                var catalogueUrls = workspace.Catalogue.Select(a => a.Article.Url).ToHashSet();
                var events = log.Reads.Count(r => catalogueUrls.Contains(r.Url)) + log.Impressions.Count;
                AnsiConsole.MarkupLineInterpolated($"{logFile.FullName}: {log.Reads.Count} reads, {log.Impressions.Count} impressions, {log.SkippedLines} lines skipped");
                return WithProgress($"replaying {events} events", events, tick =>
                    LogReplay.Run(workspace, log, result.GetValue(common.K), result.GetValue(common.Sample), result.GetValue(common.Seed), tick));
            });
        });
        return command;
    }

    public static Command CreateImpressions()
    {
        var input = new Argument<FileSystemInfo>("FILE|DIR") { Description = "MIND's behaviors.tsv, or a folder holding behaviors.tsv and news.tsv." };
        var articles = new Option<FileInfo?>("--articles") { Description = "The catalogue the impressions show (MIND news.tsv); news.tsv beside behaviors.tsv by default." };
        var language = new Option<string>("--language")
        {
            Description = "The catalogue's language (ISO 639-1), as a site's Language: it picks the analyzer, and the semantic rows are scored only in one the model speaks (English).",
            DefaultValueFactory = _ => "en",
        };
        var common = new CommonOptions();
        var command = new Command("impressions", """
            Score each impression's candidates for its reader, as the MIND benchmark does.

            The catalogue (news.tsv) is indexed; then for each impression every candidate
            shown is scored from the reader's history alone, through the same code as
            /rank, and the candidates in score order are scored against the clicks: AUC,
            MRR, nDCG@5 and nDCG@10, means over the impressions. Ties are broken at random
            (--seed), never by the file's order. Beside lexical (/rank): popularity (clicks
            on the other readers' impressions at or before the impression's time, never
            the reader's own), click-through and random; when the model speaks the
            catalogue's --language (English), also semantic (the cosine of the reader's
            vector alone) and hybrid (/rank with the semantic layer on); co-read (what
            other readers who read the reader's reads went on to click, from a model that
            never saw this reader); and /rank's scorer (hybrid, or lexical) and co-read
            each blended with click-through (α 0.75, 0.5, 0.25) as /rank blends it; α 0.25
            is what /rank runs by default. An empty time column (NeMig) is one moment.
            Impressions without a click, or with every candidate clicked, are skipped and
            counted; a log of which no impression can be read is an error.

            Examples:
              recommender eval impressions ../shared/data/nemig-de --language de
              recommender eval impressions ../shared/data/mind-fragment/behaviors.tsv --seed 7 --json mind.json
            """)
        {
            input,
            articles,
            language,
        };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var given = result.GetValue(input)!;
            var logFile = given is DirectoryInfo folder ? new FileInfo(Path.Combine(folder.FullName, "behaviors.tsv")) : (FileInfo)given;
            var catalogueFile = result.GetValue(articles) ?? new FileInfo(Path.Combine(logFile.DirectoryName ?? ".", "news.tsv"));
            if (!logFile.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{logFile.FullName} does not exist.[/]");
                return 2;
            }
            var log = ReadingLog.ReadMind(File.ReadLines(logFile.FullName));
            AnsiConsole.MarkupLineInterpolated($"{logFile.FullName}: {log.Impressions.Count} impressions, {log.SkippedLines} lines skipped");
            if (log.Impressions.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No impression could be read from {logFile.FullName}: is it MIND's behaviors.tsv?[/]");
                return 2;
            }
            var catalogueLanguage = result.GetValue(language)!;
            var semantic = MiniLmEmbedder.Speaks(catalogueLanguage);
            if (!semantic)
                AnsiConsole.MarkupLineInterpolated(
                    $"No semantic or hybrid rows: the model (all-MiniLM-L6-v2) speaks English only, and the catalogue is in '{catalogueLanguage}' (--language); a site in it runs /rank without the semantic layer.");
            ImpressionReport? report = null;
            var exit = Run(catalogueFile, common.QueryOptions(result), result.GetValue(common.Json), "impressions", semantic ? ArticleEmbedder.ForAllSites : null, workspace =>
            {
                var catalogueUrls = workspace.Catalogue.Select(a => a.Article.Url).ToHashSet();
                report = WithProgress($"scoring {log.Impressions.Count} impressions", log.Impressions.Count, tick =>
                    ImpressionEvaluation.Run(log, catalogueUrls, workspace.CandidateScorers, EvalWorkspace.Request(10), workspace.Clock, result.GetValue(common.Seed), tick));
                return report.Rows;
            }, language: catalogueLanguage);
            if (report is null) return exit;
            AnsiConsole.MarkupLineInterpolated(
                $"Impressions scored: {report.Scored} ({report.WithoutHistory} of them with no history read in the catalogue); skipped: {report.Skipped.Values.Sum()}");
            foreach (var (reason, count) in report.Skipped.OrderByDescending(s => s.Value))
                AnsiConsole.MarkupLineInterpolated($"  {count} skipped: {reason}");
            if (report.Scored == 0)
            {
                AnsiConsole.MarkupLine("[red]No impression could be scored.[/]");
                return 1;
            }
            var best = report.Rows.MaxBy(r => r.Scores["AUC"])!;
            var next = report.Rows.Where(r => r != best).MaxBy(r => r.Scores["AUC"])!;
            AnsiConsole.MarkupLineInterpolated(
                $"Best by AUC: {best.Strategy} {best.Scores["AUC"]:0.000}, {best.Scores["AUC"] - next.Scores["AUC"]:+0.000;-0.000} over {next.Strategy} ({next.Scores["AUC"]:0.000}).");
            // Said apart, so that a blend carried by click-through is not read as personalisation.
            var personal = report.Rows.Where(r => report.Personal.Contains(r.Strategy)).MaxBy(r => r.Scores["AUC"])!;
            var random = report.Rows.Single(r => r.Strategy == ImpressionEvaluation.RandomOrder);
            AnsiConsole.MarkupLineInterpolated(
                $"Best from the reader's history alone: {personal.Strategy} {personal.Scores["AUC"]:0.000}, {personal.Scores["AUC"] - random.Scores["AUC"]:+0.000;-0.000} over random ({random.Scores["AUC"]:0.000}).");
            var rank = report.Rows.Single(r => r.Strategy == report.Rank);
            AnsiConsole.MarkupLineInterpolated(
                $"/rank as a site runs it by default ({rank.Strategy}): AUC {rank.Scores["AUC"]:0.000}, {rank.Scores["AUC"] - random.Scores["AUC"]:+0.000;-0.000} over random, {rank.Scores["AUC"] - best.Scores["AUC"]:+0.000;-0.000} against the best.");
            return exit;
        });
        return command;
    }

    public static Command CreateSimulate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Labelled articles: JSONL with a section per article (bbc-news.jsonl), or MIND's news.tsv." };
        var reads = new Option<int>("--reads") { Description = "Articles each reader reads per mix of interests.", DefaultValueFactory = _ => 10 };
        var logOut = new Option<FileInfo?>("--log") { Description = "Also write the simulated reads as a CSV log (uuid,url,timestamp), for eval log." };
        var common = new CommonOptions();
        var command = new Command("simulate", """
            Score /related?uuid= for simulated readers, on data without logs.

            Each reader (--sample of them, 200 by default) has a mix of interests over the
            labels (70 % one, 30 % another), reads --reads articles drawn from it, and asks
            for its top k; three days later it shifts (70 % a new label, 30 % the old main
            one), reads again and asks again. Scored: the share of the list in the reader's
            interests, the distance between the list's labels and the mix, the share of the
            new interest after the shift, and read articles that come back (must be 0).

            Examples:
              recommender eval simulate ../shared/data/bbc-news.jsonl --sample 300 --seed 7
              recommender eval simulate ../shared/data/mind-fragment/news.tsv --log reads.csv
            """)
        {
            file,
            reads,
            logOut,
        };
        common.AddTo(command);
        command.SetAction(result => Run(result.GetValue(file)!, common.QueryOptions(result), result.GetValue(common.Json), "simulate", embedder: null, workspace =>
        {
            var readers = result.GetValue(common.Sample) ?? 200;
            var log = result.GetValue(logOut);
            using var writer = log is null ? null : new StreamWriter(log.FullName);
            writer?.WriteLine("uuid,url,timestamp,event");
            var rows = WithProgress($"{readers} simulated readers", readers, tick =>
                SimulatedReaders.Run(workspace, readers, result.GetValue(common.K), result.GetValue(reads), result.GetValue(common.Seed),
                    read => writer?.WriteLine($"{read.Uuid},{read.Url},{read.Time.UtcDateTime.ToString("s", CultureInfo.InvariantCulture)}Z,view"), tick));
            if (log is not null) AnsiConsole.MarkupLineInterpolated($"Wrote the reads to {log.FullName}");
            return rows;
        }));
        return command;
    }

    /// <summary>Reads and indexes the catalogue, runs the evaluation, prints its table and writes its JSON.</summary>
    /// <param name="embedder">Gives the articles vectors, so that the semantic layer is scored too; null scores the lexical side only.</param>
    /// <param name="opaqueUrls">Whether the articles get URLs that tell nothing (a log's URLs must stay the catalogue's).</param>
    /// <param name="language">The catalogue's language, as a site's Language picks the analyzer; null: each article's own, else English.</param>
    /// <param name="vectors">Where the catalogue's vectors are kept between runs (<see cref="VectorFile"/>); null: embedded every run.</param>
    static int Run(FileInfo file, ProfileQueryOptions options, FileInfo? json, string kind, ArticleEmbedder? embedder,
        Func<EvalWorkspace, IReadOnlyList<StrategyScores>> evaluate, bool opaqueUrls = false, string? language = null, FileInfo? vectors = null)
    {
        if (!file.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.FullName} does not exist.[/]");
            return 2;
        }
        // Redirected output has no terminal width; keep the table readable in files.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var catalogue = LabelledCatalogue.Read(file.FullName, EvalWorkspace.Site, out var skipped, opaqueUrls);
        if (catalogue.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.FullName} holds no labelled article ({skipped} lines skipped).[/]");
            return 2;
        }
        using var workspace = WithProgress($"indexing {catalogue.Count} articles", catalogue.Count, tick => EvalWorkspace.Create(catalogue, options, tick, embedder, language, vectors?.FullName));
        var rows = evaluate(workspace);

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
