using Recommender.Core.ClickThrough;
using Recommender.Core.CoReading;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Evaluation;

/// <summary>What an impression evaluation scored, what it skipped and why, and each strategy's means.</summary>
/// <param name="WithoutHistory">Scored impressions whose reader had no read in the catalogue: for them a scorer of the history gives only ties.</param>
/// <param name="Personal">The rows that score from the reader's history alone (no click-through or popularity mixed in).</param>
/// <param name="Rank">The row that is <c>/rank</c> as a site runs it by default: its scorer blended with click-through at <see cref="ClickThroughBlend.DefaultAlpha"/>.</param>
public sealed record ImpressionReport(IReadOnlyList<StrategyScores> Rows, int Scored, IReadOnlyDictionary<string, int> Skipped, int WithoutHistory,
    IReadOnlyList<string> Personal, string Rank);

/// <summary>
/// The MIND benchmark's protocol: for each impression, every candidate shown (those in the catalogue) is scored for
/// the reader from the reader's history alone, and the candidates, ordered by score, are scored against the clicks:
/// AUC, MRR, nDCG@5 and nDCG@10, means over the impressions. Ties are broken at random with the run's seed, never by
/// the file's order (NeMig's clicks sit at some places more than others). Strategies: each <see cref="ICandidateScorer"/>
/// given (the last is what <c>/rank</c> runs for the catalogue's language: lexical, or hybrid with the semantic layer),
/// co-read (<see cref="CoReadModel"/>: what other readers who read the reader's reads went on to click), each of these
/// two blended with click-through (<see cref="ClickThroughBlend"/>, as <c>/rank</c> blends it), popularity (clicks),
/// click-through (clicks per impression shown), and random.
/// </summary>
/// <remarks>
/// Popularity and click-through count the clicks (and times shown) on the other readers' impressions at or before this impression's time: never this
/// reader's own, so an impression's own click (and the same reader's clicks on its other impressions, which share its
/// history) cannot leak into its score. On a log with times that is what was known by then; on one without (NeMig, one
/// moment) it is every other reader's clicks, which a live site would have gathered from its other readers.
/// </remarks>
public static class ImpressionEvaluation
{
    public const string Popularity = "popularity";
    public const string ClickThrough = "click-through";
    public const string RandomOrder = "random";
    public const string CoRead = "co-read";

    /// <summary>
    /// The α of the rows that blend a personal score (the last scorer's, what <c>/rank</c> runs, and co-read's) with
    /// click-through as <c>/rank</c> does (<see cref="ClickThroughBlend.Apply(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>):
    /// α·score/max + (1−α)·click-through/max. <see cref="ClickThroughBlend.DefaultAlpha"/> is among them.
    /// </summary>
    public static readonly double[] ClickThroughBlends = [0.75, 0.5, ClickThroughBlend.DefaultAlpha];

    static string BlendName(string scorer, double alpha) => $"{scorer}+click-through α={alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static ImpressionReport Run(ReadingLog log, IReadOnlySet<string> catalogue, IReadOnlyList<ICandidateScorer> scorers,
        RecommendationRequest request, EvalClock clock, int seed, Action? onImpression = null)
    {
        var histories = Histories(log, catalogue);
        var coReading = new HeldOutCoReading(log.Impressions, histories);
        var rankScorer = scorers.Count - 1;
        var blended = new List<string> { scorers[rankScorer].Name, CoRead };
        var personal = scorers.Select(s => s.Name).Append(CoRead).ToList();
        var names = personal.Concat(blended.SelectMany(name => ClickThroughBlends.Select(alpha => BlendName(name, alpha))))
            .Append(Popularity).Append(ClickThrough).Append(RandomOrder).ToList();
        var rows = names.ToDictionary(name => name, name => new StrategyScores(name));
        var skipped = new Dictionary<string, int>();
        var random = new Random(seed);
        int scored = 0, withoutHistory = 0;

        foreach (var (impression, popularity) in WithPopularity(log.Impressions))
        {
            onImpression?.Invoke();
            var candidates = impression.Candidates.Where(c => catalogue.Contains(c.Url)).DistinctBy(c => c.Url).ToList();
            var clicked = candidates.Select(c => c.Clicked).ToList();
            var reason = candidates.Count == 0 ? "no candidate in the catalogue"
                : !clicked.Contains(true) ? "no click"
                : !clicked.Contains(false) ? "every candidate clicked"
                : null;
            if (reason is not null)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            scored++;
            var history = histories.GetValueOrDefault(impression.Uuid, []);
            if (history.Count == 0) withoutHistory++;
            clock.Now = impression.Time;
            var urls = candidates.Select(c => c.Url).ToList();
            // One draw per candidate breaks every strategy's ties on this impression alike.
            var tieBreak = urls.Select(_ => random.NextDouble()).ToList();
            var clicks = urls.Select(url => (double)popularity[url].Clicks).ToList();
            var clickThrough = urls.Select(url => ClickThroughRates.Rate(popularity[url].Clicks, popularity[url].Shown)).ToList();
            for (var s = 0; s < scorers.Count; s++)
            {
                var scores = scorers[s].Score(history, urls, request).Select(score => score ?? 0).ToList();
                Add(rows[scorers[s].Name], scores, tieBreak, clicked);
                if (s == rankScorer) AddBlends(scorers[s].Name, scores);
            }
            var coRead = coReading.For(impression.Uuid, impression.Time).Score(history.Select(read => read.Url), urls);
            Add(rows[CoRead], coRead, tieBreak, clicked);
            AddBlends(CoRead, coRead);
            Add(rows[Popularity], clicks, tieBreak, clicked);
            Add(rows[ClickThrough], clickThrough, tieBreak, clicked);
            Add(rows[RandomOrder], [.. urls.Select(_ => random.NextDouble())], tieBreak, clicked);

            void AddBlends(string name, IReadOnlyList<double> scores)
            {
                foreach (var alpha in ClickThroughBlends) Add(rows[BlendName(name, alpha)], ClickThroughBlend.Apply(scores, clickThrough, alpha), tieBreak, clicked);
            }
        }
        return new ImpressionReport([.. names.Select(name => rows[name])], scored, skipped, withoutHistory, personal,
            BlendName(scorers[rankScorer].Name, ClickThroughBlend.DefaultAlpha));
    }

    /// <summary>
    /// Co-read models that never saw the reader they score: readers are dealt into <see cref="Folds"/> folds in the order
    /// of their first impression, and an impression is scored by a model built from the other folds' readers only (their
    /// history reads, and their clicks at or before the impression's time), through the product's
    /// <see cref="CoReadModel.Build"/>. So neither the impression's own click nor the same reader's other clicks leak
    /// in, at the price of a fifth of the other readers.
    /// </summary>
    sealed class HeldOutCoReading(IReadOnlyList<Impression> impressions, IReadOnlyDictionary<string, IReadOnlyList<ProfileEntry>> histories)
    {
        const int Folds = 5;

        readonly Dictionary<string, int> _fold = impressions.Select(i => i.Uuid).Distinct()
            .Select((uuid, i) => (uuid, i)).ToDictionary(r => r.uuid, r => r.i % Folds);

        // The impressions come in time order, so each fold keeps only its latest model.
        readonly Dictionary<int, (DateTimeOffset Time, CoReadModel Model)> _latest = [];

        public CoReadModel For(string uuid, DateTimeOffset time)
        {
            var fold = _fold[uuid];
            if (_latest.TryGetValue(fold, out var latest) && latest.Time == time) return latest.Model;
            var model = CoReadModel.Build(impressions
                .Where(i => i.Time <= time && _fold[i.Uuid] != fold)
                .GroupBy(i => i.Uuid)
                .Select(reader => new CoReader(
                    [.. histories.GetValueOrDefault(reader.Key, []).Select(read => read.Url)],
                    [.. reader.SelectMany(i => i.Candidates).Where(c => c.Clicked).Select(c => c.Url)])));
            _latest[fold] = (time, model);
            return model;
        }
    }

    /// <summary>The candidates ordered by score, ties by <paramref name="tieBreak"/>, and that order's AUC, MRR, nDCG@5 and nDCG@10.</summary>
    public static void Add(StrategyScores row, IReadOnlyList<double> scores, IReadOnlyList<double> tieBreak, IReadOnlyList<bool> clicked)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => tieBreak[i]).ToList();
        var ranked = order.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var relevant = Enumerable.Range(0, scores.Count).Where(i => clicked[i]).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        // The AUC of the order itself, tie broken: the first place scores highest.
        var place = new double[scores.Count];
        for (var p = 0; p < order.Count; p++) place[order[p]] = order.Count - p;
        row.Add("AUC", RankingMetrics.Auc(place, clicked)!.Value);
        row.Add("MRR", RankingMetrics.ImpressionMrr(ranked, relevant));
        row.Add("nDCG@5", RankingMetrics.NdcgAt(5, ranked, relevant));
        row.Add("nDCG@10", RankingMetrics.NdcgAt(10, ranked, relevant));
    }

    /// <summary>
    /// Each reader's history reads in the catalogue, newest first as the profile store gives them. The log gives
    /// them one time; they are a millisecond apart in the log's order (MIND lists them oldest first), so that the
    /// most recent reads are the ones a long history keeps, while their weights stay equal.
    /// </summary>
    static Dictionary<string, IReadOnlyList<ProfileEntry>> Histories(ReadingLog log, IReadOnlySet<string> catalogue) =>
        log.Reads.Where(r => r.Kind == ReadKind.History && catalogue.Contains(r.Url))
            .GroupBy(r => r.Uuid)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ProfileEntry>)g
                .Select((r, i) => new ProfileEntry(r.Url, r.Time.AddMilliseconds(i - g.Count()), 1))
                .Reverse().ToList());

    /// <summary>
    /// The impressions in time order (the file's order among equal times), each with its candidates' popularity: clicks
    /// on the other readers' impressions at or before its time.
    /// </summary>
    static IEnumerable<(Impression Impression, IReadOnlyDictionary<string, (int Clicks, int Shown)> Popularity)> WithPopularity(
        IReadOnlyList<Impression> impressions)
    {
        var all = new Dictionary<string, (int Clicks, int Shown)>();
        var byReader = new Dictionary<string, Dictionary<string, (int Clicks, int Shown)>>();
        foreach (var moment in impressions.OrderBy(i => i.Time).GroupBy(i => i.Time))
        {
            foreach (var impression in moment)
            {
                if (!byReader.TryGetValue(impression.Uuid, out var own)) byReader[impression.Uuid] = own = [];
                foreach (var (url, clicked) in impression.Candidates)
                {
                    Count(all, url, clicked);
                    Count(own, url, clicked);
                }
            }
            foreach (var impression in moment)
            {
                var own = byReader[impression.Uuid];
                yield return (impression, impression.Candidates.Select(c => c.Url).Distinct().ToDictionary(url => url, url =>
                {
                    var (clicks, shown) = all[url];
                    var (ownClicks, ownShown) = own[url];
                    return (clicks - ownClicks, shown - ownShown);
                }));
            }
        }

        static void Count(Dictionary<string, (int Clicks, int Shown)> counts, string url, bool clicked)
        {
            var (clicks, shown) = counts.GetValueOrDefault(url);
            counts[url] = (clicks + (clicked ? 1 : 0), shown + 1);
        }
    }
}
