namespace Recommender.Core.Evaluation;

/// <summary>
/// Ranking quality with binary relevance: <c>ranked</c> is a recommendation list, best first; <c>relevant</c>
/// the items that count as right. Cut-off metrics look at the first <c>k</c> items only.
/// </summary>
public static class RankingMetrics
{
    /// <summary>The share of the first k places (k, not the list's length) that hold a relevant item.</summary>
    public static double PrecisionAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> relevant) =>
        k <= 0 ? 0 : (double)ranked.Take(k).Count(relevant.Contains) / k;

    /// <summary>The share of the relevant items found in the first k places; 0 when nothing is relevant.</summary>
    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> relevant) =>
        relevant.Count == 0 ? 0 : (double)ranked.Take(k).Count(relevant.Contains) / relevant.Count;

    /// <summary>
    /// Average precision at k: the mean, over the relevant items found in the first k places, of the precision
    /// at their place, divided by the most that could be found (min(|relevant|, k)). Its mean over lists is MAP@k.
    /// </summary>
    public static double AveragePrecisionAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> relevant)
    {
        var possible = Math.Min(relevant.Count, k);
        if (possible == 0) return 0;
        double hits = 0, sum = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (!relevant.Contains(ranked[i])) continue;
            hits++;
            sum += hits / (i + 1);
        }
        return sum / possible;
    }

    /// <summary>1 / the place of the first relevant item within the first k; 0 when there is none.</summary>
    public static double ReciprocalRankAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> relevant)
    {
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.Contains(ranked[i])) return 1.0 / (i + 1);
        }
        return 0;
    }

    /// <summary>
    /// Normalised discounted cumulative gain at k: Σ gain / log2(place + 1) over the first k places, divided by
    /// the same sum for the best possible list (all relevant items first). 0 when nothing is relevant.
    /// </summary>
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlySet<string> relevant)
    {
        var ideal = Enumerable.Range(1, Math.Min(relevant.Count, k)).Sum(place => 1 / Math.Log2(place + 1));
        if (ideal == 0) return 0;
        var gain = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.Contains(ranked[i])) gain += 1 / Math.Log2(i + 2);
        }
        return gain / ideal;
    }

    /// <summary>
    /// Area under the ROC curve of <paramref name="scores"/> against <paramref name="clicked"/>: the chance that a
    /// clicked item scores above an unclicked one, ties counting half. Null when either class is empty.
    /// </summary>
    public static double? Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> clicked)
    {
        var positives = Enumerable.Range(0, scores.Count).Where(i => clicked[i]).Select(i => scores[i]).ToList();
        var negatives = Enumerable.Range(0, scores.Count).Where(i => !clicked[i]).Select(i => scores[i]).ToList();
        if (positives.Count == 0 || negatives.Count == 0) return null;
        var wins = 0.0;
        foreach (var p in positives)
        {
            foreach (var n in negatives) wins += p > n ? 1 : p == n ? 0.5 : 0;
        }
        return wins / (positives.Count * (double)negatives.Count);
    }

    /// <summary>
    /// MRR as the MIND benchmark computes it over one impression: candidates ordered by score, the mean over the
    /// clicked ones of 1 / their place (not only the first click's). 0 when nothing was clicked.
    /// </summary>
    public static double ImpressionMrr(IReadOnlyList<string> ranked, IReadOnlySet<string> clicked)
    {
        if (clicked.Count == 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (clicked.Contains(ranked[i])) sum += 1.0 / (i + 1);
        }
        return sum / clicked.Count;
    }

    /// <summary>The share of the catalogue that appears in at least one of the lists.</summary>
    public static double Coverage(IEnumerable<IReadOnlyList<string>> lists, int catalogueSize) =>
        catalogueSize == 0 ? 0 : (double)lists.SelectMany(list => list).Distinct().Count() / catalogueSize;

    /// <summary>
    /// How different the lists of different readers are: 1 − the mean, over all pairs of lists, of the items
    /// the two share divided by k. 1 when no two lists share an item, 0 when all lists are the same k items.
    /// Computed from how many lists hold each item (an item in c lists is shared by c(c−1)/2 pairs), so its cost
    /// grows with the items listed, not with the pairs. Null for fewer than two lists.
    /// </summary>
    public static double? Uniqueness(IReadOnlyCollection<IReadOnlyList<string>> lists, int k)
    {
        if (lists.Count < 2 || k <= 0) return null;
        var shared = lists.SelectMany(list => list.Take(k).Distinct())
            .GroupBy(item => item)
            .Sum(group => group.Count() * (group.Count() - 1.0) / 2);
        var pairs = lists.Count * (lists.Count - 1.0) / 2;
        return 1 - shared / (pairs * k);
    }
}
