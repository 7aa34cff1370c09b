using System.CommandLine;
using System.Diagnostics;
using Recommender.Core.Evaluation;
using Recommender.Core.Stories;
using Spectre.Console;

namespace Recommender.Server.Commands;

/// <summary><c>recommender eval stories</c>: pairwise precision, recall and F1 of story clustering on labelled articles.</summary>
public static class EvalStoriesCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "WikiRef220's folder (the .txt files, or a folder holding WikiRef220/)." };
        var closest = new Option<double[]>("--min-similarity")
        {
            Description = "Thresholds of similarity to the closest article to try (default: 0.15 0.2 0.3 and the default).",
            AllowMultipleArgumentsPerToken = true,
        };
        var story = new Option<double[]>("--min-story-similarity")
        {
            Description = "Thresholds of mean similarity to the story's articles to try (default: 0 0.1 0.2 and the default).",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the arrival order.", DefaultValueFactory = _ => 1 };
        var batch = new Option<bool>("--batch") { Description = "Cluster all articles in one batch, as a bulk import does, instead of one by one as they arrive." };
        var command = new Command("stories", """
            Score story clustering on articles labelled by story (WikiRef220): every article arrives
            in a fresh index in a seeded random order and joins a story or starts one, as on a live
            site; every pair of articles is then a same-story decision, right or wrong. Prints
            pairwise precision, recall and F1 for each pair of thresholds tried.

            Examples:
              recommender eval stories ../shared/data/wikiref-news-clusters
              recommender eval stories ../shared/data/wikiref-news-clusters --min-similarity 0.3 --min-story-similarity 0.2 --seed 2
            """)
        {
            directory,
            closest,
            story,
            seed,
            batch,
        };
        command.SetAction(result => Run(result.GetValue(directory)!, result.GetValue(closest) ?? [], result.GetValue(story) ?? [],
            result.GetValue(seed), result.GetValue(batch)));
        return command;
    }

    static int Run(DirectoryInfo directory, double[] closest, double[] story, int seed, bool batch)
    {
        var folder = Directory.Exists(Path.Combine(directory.FullName, "WikiRef220")) ? Path.Combine(directory.FullName, "WikiRef220") : directory.FullName;
        var articles = Directory.Exists(folder) ? StoryEvaluation.LoadWikiRef(folder, seed) : [];
        if (articles.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{folder} holds no .txt articles.[/]");
            return 2;
        }
        var defaults = new StoryOptions();
        double[] closestTried = [.. (closest.Length > 0 ? closest : [0.15, 0.2, 0.3, defaults.MinSimilarity]).Distinct().Order()];
        double[] storyTried = [.. (story.Length > 0 ? story : [0, 0.1, 0.2, defaults.MinStorySimilarity]).Distinct().Order()];

        var table = new Table()
            .Caption($"{articles.Count} articles, {articles.Select(a => a.Label).Distinct().Count()} labelled stories, arrival order seed {seed}, " +
                     $"{(batch ? "one batch" : "one by one")}; * the defaults")
            .AddColumn("min similarity").AddColumn("min story similarity");
        foreach (var column in new[] { "stories", "pairs same", "precision", "recall", "F1", "s" }) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var minClosest in closestTried)
        {
            foreach (var minStory in storyTried)
            {
                var options = defaults with { MinSimilarity = minClosest, MinStorySimilarity = minStory };
                var stopwatch = Stopwatch.StartNew();
                IReadOnlyList<string> predicted = batch
                    ? [.. StoryBatch.Cluster([.. articles.Select(a => a.Article)], options).Select(c => c.Article.Story!)]
                    : StoryEvaluation.Cluster(articles, options);
                var score = PairwiseScore.Of([.. articles.Select(a => a.Label)], predicted);
                var isDefault = options == defaults ? " *" : "";
                table.AddRow($"{minClosest:0.00}{isDefault}", $"{minStory:0.00}", predicted.Distinct().Count().ToString(), score.PredictedSame.ToString(),
                    $"{score.Precision:0.000}", $"{score.Recall:0.000}", $"{score.F1:0.000}", $"{stopwatch.Elapsed.TotalSeconds:0.0}");
            }
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        AnsiConsole.Write(table);
        return 0;
    }
}
