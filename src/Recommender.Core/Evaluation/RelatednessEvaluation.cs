using System.Diagnostics;
using Recommender.Core.Indexing;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Scores contextual recommendations (<c>/related?url=</c>, <see cref="Recommendations.RelatedArticles.Answer"/>)
/// against the labels of the data: for each article, the share of its top k that has the same label (precision
/// and nDCG), the same category, and a shared entity; and the same for the TF-IDF cosine baseline
/// (<see cref="TfIdfCosineRecommender"/>, scikit-learn's configuration over the same titles and bodies).
/// </summary>
public static class RelatednessEvaluation
{
    public const string Related = "related, lexical (MoreLikeThis; semantic off)";
    public const string Cosine = "TF-IDF cosine (scikit-learn)";
    public const string Semantic = "semantic (MiniLM cosine, every article)";

    /// <summary>The semantic weights the hybrid (<c>/related</c> with the semantic layer on) is scored at, side by side.</summary>
    public static readonly double[] HybridWeights = [0.25, 0.5, 0.75, 0.9, 1];

    /// <summary>The row of <c>/related</c> with the semantic layer at <paramref name="weight"/>; the product's default is marked.</summary>
    public static string Hybrid(double weight) =>
        $"related, hybrid w={weight:0.##}{(weight == Recommendations.SemanticWeights.Default ? " (default)" : "")}";

    /// <summary>
    /// Scores <paramref name="sample"/> articles (all when null or larger), chosen at random with
    /// <paramref name="seed"/>; <paramref name="onArticle"/> is called after each.
    /// </summary>
    public static IReadOnlyList<StrategyScores> Run(EvalWorkspace workspace, int k, int? sample, int seed, Action? onArticle = null)
    {
        var catalogue = workspace.Catalogue;
        var chosen = Sample(catalogue, sample, seed);
        var byLabel = Group(catalogue, a => [a.Label]);
        var byCategory = Group(catalogue, a => a.Category is null ? [] : [a.Category]);
        var byEntity = Group(catalogue, a => a.Entities);

        var related = new StrategyScores(Related);
        var cosine = new StrategyScores(Cosine);
        // With vectors: cosine of the article's vector with every other's (what an exact nearest-neighbour search would
        // find), and the product's hybrid, which re-ranks the lexical window, at each weight.
        var semantic = workspace.Semantic ? new StrategyScores(Semantic) : null;
        var hybrids = workspace.Semantic ? HybridWeights.Select(w => (Weight: w, Scores: new StrategyScores(Hybrid(w)))).ToList() : [];
        var hybridCpu = TimeSpan.Zero;
        // CPU time rather than wall time: the process is single-threaded here, and CPU time does not count the
        // waits of a machine shared with other work.
        var relatedCpu = TimeSpan.Zero;
        var cosineCpu = TimeSpan.Zero;
        var buildStart = CpuTime();
        var vectors = TfIdfCosineRecommender.Build([.. catalogue.Select(a => a.Article.Title + "\n" + a.Article.Text)]);
        cosine.Set("CPU s to build", (CpuTime() - buildStart).TotalSeconds);
        var rowOf = catalogue.Select((a, row) => (a.Article.Url, row)).ToDictionary(a => a.Url, a => a.row);
        // The article's nearest vectors among all (an exact nearest-neighbour search), every URL and vector read once.
        var meanings = semantic is null ? null : workspace.Index.WithSearcher(searcher => SemanticNeighbours.Of(searcher.IndexReader));
        foreach (var article in chosen)
        {
            var url = article.Article.Url;
            var before = CpuTime();
            var answer = workspace.Related.Answer(EvalWorkspace.Request(k), url, null).Select(r => r.Article.Url).ToList();
            relatedCpu += CpuTime() - before;

            var row = rowOf[url];
            before = CpuTime();
            var baseline = vectors.Recommend([(row, 1.0)], new HashSet<int> { row }, k).Select(r => catalogue[r].Article.Url).ToList();
            cosineCpu += CpuTime() - before;

            Score(related, answer);
            Score(cosine, baseline);
            if (semantic is not null)
                Score(semantic, meanings!.Nearest(url, k));
            foreach (var (weight, scores) in hybrids)
            {
                before = CpuTime();
                var hybrid = workspace.Related.Answer(EvalWorkspace.Request(k) with { SemanticWeight = weight }, url, null).Select(r => r.Article.Url).ToList();
                hybridCpu += CpuTime() - before;
                Score(scores, hybrid);
            }
            onArticle?.Invoke();

            void Score(StrategyScores scores, IReadOnlyList<string> list)
            {
                var sameLabel = Others(byLabel, [article.Label], url);
                scores.Add($"P@{k} label", RankingMetrics.PrecisionAt(k, list, sameLabel));
                scores.Add($"nDCG@{k} label", RankingMetrics.NdcgAt(k, list, sameLabel));
                if (article.Category is not null)
                    scores.Add($"P@{k} category", RankingMetrics.PrecisionAt(k, list, Others(byCategory, [article.Category], url)));
                if (article.Entities.Count > 0)
                    scores.Add($"P@{k} entity", RankingMetrics.PrecisionAt(k, list, Others(byEntity, article.Entities, url)));
                scores.Add("answered", list.Count > 0 ? 1 : 0);
            }
        }
        related.Set("CPU ms/query", chosen.Count == 0 ? 0 : relatedCpu.TotalMilliseconds / chosen.Count);
        cosine.Set("CPU ms/query", chosen.Count == 0 ? 0 : cosineCpu.TotalMilliseconds / chosen.Count);
        foreach (var (_, scores) in hybrids) scores.Set("CPU ms/query", chosen.Count == 0 ? 0 : hybridCpu.TotalMilliseconds / hybrids.Count / chosen.Count);
        return [related, cosine, .. semantic is null ? Array.Empty<StrategyScores>() : [semantic], .. hybrids.Select(h => h.Scores)];
    }

    static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>All of <paramref name="items"/> when <paramref name="size"/> is null or not smaller, else that many chosen with <paramref name="seed"/>.</summary>
    public static List<T> Sample<T>(IReadOnlyList<T> items, int? size, int seed)
    {
        if (size is not { } wanted || wanted >= items.Count) return [.. items];
        var shuffled = items.ToArray();
        new Random(seed).Shuffle(shuffled);
        return [.. shuffled.Take(Math.Max(0, wanted))];
    }

    static Dictionary<string, HashSet<string>> Group(IReadOnlyList<LabelledArticle> catalogue, Func<LabelledArticle, IEnumerable<string>> keys)
    {
        var groups = new Dictionary<string, HashSet<string>>();
        foreach (var article in catalogue)
        {
            foreach (var key in keys(article))
            {
                if (!groups.TryGetValue(key, out var urls)) groups[key] = urls = [];
                urls.Add(article.Article.Url);
            }
        }
        return groups;
    }

    /// <summary>The articles that share one of <paramref name="keys"/>, but not the article itself.</summary>
    static HashSet<string> Others(Dictionary<string, HashSet<string>> groups, IEnumerable<string> keys, string url)
    {
        var others = new HashSet<string>(keys.SelectMany(key => groups.GetValueOrDefault(key) ?? []));
        others.Remove(url);
        return others;
    }
}
