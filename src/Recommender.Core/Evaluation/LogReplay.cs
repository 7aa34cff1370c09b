using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Replays a reading log in time order through the product's recommendation path. Before each click of a reader
/// who has read something already, every strategy is asked for its top k as of that moment (profiles and view
/// counts hold only what came before); the list is scored against what the reader reads from then on (the click
/// and the reader's later reads, less what was read before). Then the click is trained into the reader's profile
/// and counted as a view. MIND impressions are scored too, as the MIND benchmark scores them: each strategy's
/// scores of the impression's candidates (those in the catalogue) against the clicks.
/// </summary>
public static class LogReplay
{
    public static readonly double[] HybridAlphas = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>Candidates the personalised query ranks, from which hybrids re-rank and impressions are scored.</summary>
    const int CandidateDepth = 100;

    /// <summary>What a strategy sees of the reader at a moment of the replay.</summary>
    sealed record ReaderMoment(string Uuid, string LastRead, IReadOnlySet<string> Read, IReadOnlyList<ProfileEntry> History);

    /// <summary>A way to choose articles: its best <c>limit</c> for the reader, with scores, best first.</summary>
    sealed record Strategy(string Name, Func<ReaderMoment, int, IReadOnlyList<(string Url, double Score)>> Recommend);

    /// <summary>
    /// Replays <paramref name="log"/> on <paramref name="workspace"/>, scoring the clicks of <paramref name="sampleReaders"/>
    /// readers (all when null) chosen with <paramref name="seed"/>; every read is trained and counted whichever
    /// readers are scored. Reads of articles not in the catalogue are left out. <paramref name="onEvent"/> is
    /// called after each read and impression.
    /// </summary>
    public static IReadOnlyList<StrategyScores> Run(EvalWorkspace workspace, ReadingLog log, int k, int? sampleReaders, int seed, Action? onEvent = null)
    {
        var catalogue = workspace.Catalogue.Select(a => a.Article.Url).ToHashSet();
        var reads = log.Reads.Where(r => catalogue.Contains(r.Url)).ToList();
        var signals = new ReplayClickCounts(workspace.Clock);
        var strategies = Strategies(workspace, signals);
        var scores = strategies.ToDictionary(s => s.Name, s => new StrategyScores(s.Name));
        var listed = strategies.ToDictionary(s => s.Name, _ => new HashSet<string>());
        var lastLists = strategies.ToDictionary(s => s.Name, _ => new Dictionary<string, IReadOnlyList<string>>());

        var clicksOf = reads.Where(r => r.Kind == ReadKind.Click).GroupBy(r => r.Uuid)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).Select(r => r.Url).ToList());
        var scored = RelatednessEvaluation.Sample(clicksOf.Keys.Order(StringComparer.Ordinal).ToList(), sampleReaders, seed).ToHashSet();
        var readSoFar = new Dictionary<string, HashSet<string>>();
        var lastRead = new Dictionary<string, string>();
        var clicksSoFar = new Dictionary<string, int>();

        // Impressions come before the clicks made on them; a reader's history before the first impression.
        var events = reads.Select(r => (r.Time, Order: r.Kind == ReadKind.History ? 0 : 2, Read: (LogRead?)r, Impression: (Impression?)null))
            .Concat(log.Impressions.Select(i => (i.Time, Order: 1, Read: (LogRead?)null, Impression: (Impression?)i)))
            .OrderBy(e => e.Time).ThenBy(e => e.Order)
            .ToList();
        foreach (var (time, _, read, impression) in events)
        {
            workspace.Clock.Now = time;
            if (impression is not null)
            {
                if (scored.Contains(impression.Uuid) && Moment(impression.Uuid) is { } moment)
                    ScoreImpression(impression, moment, strategies, scores, catalogue);
            }
            else
            {
                var uuid = read!.Uuid;
                if (read.Kind == ReadKind.Click && scored.Contains(uuid) && Moment(uuid) is { } moment)
                {
                    var future = clicksOf[uuid].Skip(clicksSoFar.GetValueOrDefault(uuid)).Where(url => !moment.Read.Contains(url)).ToHashSet();
                    foreach (var strategy in strategies)
                    {
                        var list = strategy.Recommend(moment, k).Select(r => r.Url).ToList();
                        var row = scores[strategy.Name];
                        row.Add($"MAP@{k}", RankingMetrics.AveragePrecisionAt(k, list, future));
                        row.Add($"nDCG@{k}", RankingMetrics.NdcgAt(k, list, future));
                        row.Add("MRR", RankingMetrics.ReciprocalRankAt(k, list, future));
                        row.Add($"recall@{k}", RankingMetrics.RecallAt(k, list, future));
                        listed[strategy.Name].UnionWith(list);
                        lastLists[strategy.Name][uuid] = list;
                    }
                }
                workspace.Profiles.TrainAsync(EvalWorkspace.Site, uuid, read.Url, read.Time, 1, CancellationToken.None).GetAwaiter().GetResult();
                if (!readSoFar.TryGetValue(uuid, out var readSet)) readSoFar[uuid] = readSet = [];
                readSet.Add(read.Url);
                lastRead[uuid] = read.Url;
                if (read.Kind == ReadKind.Click)
                {
                    signals.Record(read.Url, read.Time);
                    clicksSoFar[uuid] = clicksSoFar.GetValueOrDefault(uuid) + 1;
                }
            }
            onEvent?.Invoke();
        }

        foreach (var strategy in strategies)
        {
            var row = scores[strategy.Name];
            row.Set("coverage", RankingMetrics.Coverage([listed[strategy.Name].ToList()], catalogue.Count));
            if (RankingMetrics.Uniqueness(lastLists[strategy.Name].Values.ToList(), k) is { } uniqueness) row.Set("uniqueness", uniqueness);
        }
        return [.. scores.Values];

        ReaderMoment? Moment(string uuid)
        {
            if (!lastRead.TryGetValue(uuid, out var last)) return null;
            var history = workspace.Profiles.GetAsync(EvalWorkspace.Site, uuid, int.MaxValue, CancellationToken.None).GetAwaiter().GetResult();
            return new ReaderMoment(uuid, last, readSoFar[uuid], history);
        }
    }

    /// <summary>Each strategy's scores of the impression's candidates (0 for those it does not list): AUC, MRR, nDCG@5 and @10.</summary>
    static void ScoreImpression(Impression impression, ReaderMoment moment, IReadOnlyList<Strategy> strategies,
        Dictionary<string, StrategyScores> scores, HashSet<string> catalogue)
    {
        var candidates = impression.Candidates.Where(c => catalogue.Contains(c.Url)).DistinctBy(c => c.Url).ToList();
        var clicked = candidates.Where(c => c.Clicked).Select(c => c.Url).ToHashSet();
        if (clicked.Count == 0 || clicked.Count == candidates.Count) return;
        foreach (var strategy in strategies)
        {
            var listedScores = strategy.Recommend(moment, int.MaxValue).ToDictionary(r => r.Url, r => r.Score);
            var candidateScores = candidates.Select(c => listedScores.GetValueOrDefault(c.Url)).ToList();
            var ranked = candidates.Select((c, i) => (c.Url, Score: candidateScores[i])).OrderByDescending(c => c.Score).Select(c => c.Url).ToList();
            var row = scores[strategy.Name];
            row.Add("AUC", RankingMetrics.Auc(candidateScores, candidates.Select(c => c.Clicked).ToList())!.Value);
            row.Add("imp MRR", RankingMetrics.ImpressionMrr(ranked, clicked));
            row.Add("imp nDCG@5", RankingMetrics.NdcgAt(5, ranked, clicked));
            row.Add("imp nDCG@10", RankingMetrics.NdcgAt(10, ranked, clicked));
        }
    }

    static List<Strategy> Strategies(EvalWorkspace workspace, IPopularitySignals signals)
    {
        // /related?url= with the page the reader is on: it knows nothing of the reader.
        IReadOnlyList<(string, double)> Contextual(ReaderMoment moment, int limit) =>
            Scored(workspace.Related.Answer(EvalWorkspace.Request(Math.Min(limit, CandidateDepth)), moment.LastRead, null));

        // /related?uuid=: the reader's profile, as the profile store returns it. Asked once per moment for the
        // candidate depth: its first k are the answer to limit=k (both rank the same best 100 by score), and
        // the hybrids re-rank it.
        ReaderMoment? candidatesOf = null;
        IReadOnlyList<(string Url, double Score)> candidates = [];
        IReadOnlyList<(string Url, double Score)> Personalised(ReaderMoment moment, int limit)
        {
            if (!ReferenceEquals(moment, candidatesOf))
            {
                candidates = Scored(workspace.Related.Answer(EvalWorkspace.Request(CandidateDepth), null, moment.History));
                candidatesOf = moment;
            }
            return candidates.Take(limit).ToList();
        }

        var strategies = new List<Strategy>
        {
            new("contextual", Contextual),
            new("personalised", Personalised),
            new("popular", (moment, limit) => signals.MostPopular(limit, moment.Read).Select(url => (url, signals.Popularity(url))).ToList()),
            new("trending", (moment, limit) => signals.MostTrending(limit, moment.Read).Select(url => (url, signals.Trending(url))).ToList()),
        };
        foreach (var alpha in HybridAlphas)
            strategies.Add(new($"hybrid α={alpha:0.##}", (moment, limit) => Hybrid(Personalised(moment, CandidateDepth), signals, alpha, limit)));
        return strategies;
    }

    /// <summary>The personalised candidates re-ranked by <see cref="HybridScore.Blend"/> of their relevance and popularity.</summary>
    static IReadOnlyList<(string Url, double Score)> Hybrid(IReadOnlyList<(string Url, double Score)> candidates, IPopularitySignals signals, double alpha, int limit)
    {
        var blended = HybridScore.Blend([.. candidates.Select(c => c.Score)], [.. candidates.Select(c => signals.Popularity(c.Url))], alpha);
        return candidates
            .Select((c, i) => (c.Url, Score: blended[i]))
            .OrderByDescending(c => c.Score)
            .Take(limit)
            .ToList();
    }

    static IReadOnlyList<(string, double)> Scored(IReadOnlyList<Recommendation> answer) =>
        [.. answer.Select(r => (r.Article.Url, r.Score))];
}
