namespace Recommender.Core.CoReading;

/// <summary>What one reader read, and what they went on to read or click after it.</summary>
public sealed record CoReader(IReadOnlyCollection<string> Read, IReadOnlyCollection<string> WentOnTo);

/// <summary>
/// Item-to-item co-reading, "readers who read what you read went on to read this": for each article, the articles
/// that its readers went on to read, each with how many readers did, at most <see cref="Neighbours"/> of them (the
/// most co-read), so that the model's size is bounded by articles × neighbours whatever the traffic. Built off the
/// request path from other readers' data and never changed: a newer model replaces it whole.
/// </summary>
public sealed class CoReadModel
{
    /// <summary>
    /// Neighbours kept per article: 50 × (a reference and a count, about 16 bytes) is under 1 KB an article, 80 MB at
    /// 100,000 articles. NeMig's readers went on to about 6 articles from each read (docs/EVALUATION.md), so 50 drops none there.
    /// </summary>
    public const int DefaultNeighbours = 50;

    readonly Dictionary<string, Dictionary<string, int>> _next;

    CoReadModel(Dictionary<string, Dictionary<string, int>> next, int neighbours)
    {
        _next = next;
        Neighbours = neighbours;
    }

    public static CoReadModel Empty { get; } = new([], DefaultNeighbours);

    public int Neighbours { get; }

    /// <summary>Articles with at least one neighbour.</summary>
    public int Articles => _next.Count;

    /// <summary>
    /// Counts, for every pair of an article a reader read and a different one they went on to, the readers who did (each
    /// reader once per pair), then keeps each article's <paramref name="neighbours"/> most co-read (ties: the smaller URL).
    /// </summary>
    public static CoReadModel Build(IEnumerable<CoReader> readers, int neighbours = DefaultNeighbours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var reader in readers)
        {
            var next = reader.WentOnTo.Distinct(StringComparer.Ordinal).ToList();
            foreach (var read in reader.Read.Distinct(StringComparer.Ordinal))
            {
                if (!counts.TryGetValue(read, out var after)) counts[read] = after = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var then in next)
                {
                    if (then != read) after[then] = after.GetValueOrDefault(then) + 1;
                }
            }
        }
        var kept = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (read, after) in counts)
        {
            if (after.Count == 0) continue;
            kept[read] = after.Count <= neighbours ? after : after
                .OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal)
                .Take(neighbours)
                .ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        }
        return new CoReadModel(kept, neighbours);
    }

    /// <summary>How many readers went on from <paramref name="read"/> to <paramref name="then"/> (0 when not among its neighbours).</summary>
    public int ReadersWentOn(string read, string then) =>
        _next.TryGetValue(read, out var after) ? after.GetValueOrDefault(then) : 0;

    /// <summary>
    /// Each candidate's co-reading with a reader's <paramref name="history"/>: the sum over the distinct reads of the
    /// readers who went on from that read to the candidate. 0 for a candidate no read leads to.
    /// </summary>
    public double[] Score(IEnumerable<string> history, IReadOnlyList<string> candidates)
    {
        var scores = new double[candidates.Count];
        foreach (var read in history.Distinct(StringComparer.Ordinal))
        {
            if (!_next.TryGetValue(read, out var after)) continue;
            for (var i = 0; i < candidates.Count; i++) scores[i] += after.GetValueOrDefault(candidates[i]);
        }
        return scores;
    }
}
