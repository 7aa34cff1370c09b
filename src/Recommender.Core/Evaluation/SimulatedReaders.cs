using Recommender.Core.Profiles;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Readers made up for data without logs. Each reader has a mix of interests over the labels (70 % one label,
/// 30 % another), reads articles drawn from that mix (one every ten minutes), and asks <c>/related?uuid=</c>
/// (<see cref="Recommendations.RelatedArticles.Answer"/> on the profile store's history); then, three days
/// later, shifts to a new mix (70 % a label new to the reader, 30 % the old main one), reads from it, and asks
/// again. Each answer is scored on how well its labels follow the mix, and on whether it brings back a read article.
/// </summary>
public static class SimulatedReaders
{
    public const string BeforeShift = "personalised, before the shift";
    public const string AfterShift = "personalised, after the shift";

    /// <summary>The share of the main interest, the rest going to the second.</summary>
    const double MainShare = 0.7;

    /// <summary>
    /// Simulates <paramref name="readers"/> readers with <paramref name="seed"/>, each reading
    /// <paramref name="readsPerMix"/> articles per mix, and scores top <paramref name="k"/> lists. Every read is
    /// passed to <paramref name="onRead"/> (a generated log); <paramref name="onReader"/> is called after each reader.
    /// Needs at least three labels.
    /// </summary>
    public static IReadOnlyList<StrategyScores> Run(EvalWorkspace workspace, int readers, int k, int readsPerMix, int seed,
        Action<LogRead>? onRead = null, Action? onReader = null)
    {
        var byLabel = workspace.Catalogue.GroupBy(a => a.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Article.Url).ToList());
        var labelOf = workspace.Catalogue.ToDictionary(a => a.Article.Url, a => a.Label);
        var labels = byLabel.Keys.ToList();
        if (labels.Count < 3) throw new ArgumentException("Simulated readers need a catalogue with at least three labels.", nameof(workspace));

        var random = new Random(seed);
        var before = new StrategyScores(BeforeShift);
        var after = new StrategyScores(AfterShift);
        var start = workspace.Clock.Now;
        for (var reader = 0; reader < readers; reader++)
        {
            var uuid = $"simulated-{reader}";
            var chosen = labels.OrderBy(_ => random.Next()).Take(3).ToArray();
            var (main, second, next) = (chosen[0], chosen[1], chosen[2]);
            var read = new HashSet<string>();
            var time = start.AddMinutes(reader);

            var firstMix = new Dictionary<string, double> { [main] = MainShare, [second] = 1 - MainShare };
            time = Read(firstMix, time);
            Score(before, firstMix, newInterest: null);

            var shiftedMix = new Dictionary<string, double> { [next] = MainShare, [main] = 1 - MainShare };
            time = Read(shiftedMix, time.AddDays(3));
            Score(after, shiftedMix, newInterest: next);
            onReader?.Invoke();

            DateTimeOffset Read(Dictionary<string, double> mix, DateTimeOffset from)
            {
                for (var i = 0; i < readsPerMix; i++)
                {
                    var label = Draw(mix, random);
                    var unread = byLabel[label].Where(url => !read.Contains(url)).ToList();
                    if (unread.Count == 0) continue;
                    var url = unread[random.Next(unread.Count)];
                    from = from.AddMinutes(10);
                    workspace.Profiles.TrainAsync(EvalWorkspace.Site, uuid, url, from, 1, CancellationToken.None).GetAwaiter().GetResult();
                    read.Add(url);
                    onRead?.Invoke(new LogRead(uuid, url, from));
                }
                return from;
            }

            void Score(StrategyScores row, Dictionary<string, double> mix, string? newInterest)
            {
                workspace.Clock.Now = time.AddMinutes(1);
                var history = workspace.Profiles.GetAsync(EvalWorkspace.Site, uuid, int.MaxValue, CancellationToken.None).GetAwaiter().GetResult();
                var list = workspace.Related.Answer(EvalWorkspace.Request(k), null, history).Select(r => r.Article.Url).ToList();
                var interesting = byLabel.Where(l => mix.ContainsKey(l.Key)).SelectMany(l => l.Value).Where(url => !read.Contains(url)).ToHashSet();
                row.Add($"P@{k} interests", RankingMetrics.PrecisionAt(k, list, interesting));
                row.Add("mix distance", MixDistance(list.Select(url => labelOf[url]).ToList(), mix));
                if (newInterest is not null)
                    row.Add("new interest share", list.Count == 0 ? 0 : (double)list.Count(url => labelOf[url] == newInterest) / list.Count);
                row.Add("read again", list.Count(read.Contains));
            }
        }
        return [before, after];
    }

    /// <summary>
    /// Total variation distance between the labels of a list and the mix: half the sum of the differences of
    /// their shares, 0 when the list follows the mix exactly, 1 when it has none of its labels.
    /// </summary>
    public static double MixDistance(IReadOnlyList<string> listLabels, IReadOnlyDictionary<string, double> mix)
    {
        if (listLabels.Count == 0) return 1;
        var shares = listLabels.GroupBy(l => l).ToDictionary(g => g.Key, g => (double)g.Count() / listLabels.Count);
        return shares.Keys.Union(mix.Keys).Sum(label => Math.Abs(shares.GetValueOrDefault(label) - mix.GetValueOrDefault(label))) / 2;
    }

    static string Draw(Dictionary<string, double> mix, Random random)
    {
        var point = random.NextDouble();
        foreach (var (label, share) in mix)
        {
            if ((point -= share) < 0) return label;
        }
        return mix.Keys.Last();
    }
}
