namespace Recommender.Core.Evaluation;

/// <summary>
/// The engagement signals the popular, trending and hybrid strategies rank by, as of the evaluation clock's now.
/// In a replay they come from <see cref="ReplayClickCounts"/> (the log's clicks so far); the product's own
/// engagement signals can stand behind the same interface.
/// </summary>
public interface IPopularitySignals
{
    /// <summary>How popular the article is: its views so far.</summary>
    double Popularity(string url);

    /// <summary>How much the article is rising now: views in the last hour beyond its hourly rate over the last day.</summary>
    double Trending(string url);

    /// <summary>The articles with the most views, best first, without <paramref name="exclude"/>.</summary>
    IReadOnlyList<string> MostPopular(int limit, IReadOnlySet<string> exclude);

    /// <summary>The articles rising most (trending above 0), best first, without <paramref name="exclude"/>.</summary>
    IReadOnlyList<string> MostTrending(int limit, IReadOnlySet<string> exclude);
}

/// <summary>
/// Popularity and trending derived from the clicks of a replayed log up to the clock's now: every click is
/// recorded in time order, so nothing after now is known.
/// </summary>
public sealed class ReplayClickCounts(TimeProvider clock) : IPopularitySignals
{
    static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    static readonly TimeSpan Day = TimeSpan.FromDays(1);

    readonly Dictionary<string, int> _views = [];
    // Each article's click times of the last day, oldest first; older ones are dropped as the clock moves on.
    readonly Dictionary<string, Queue<DateTimeOffset>> _lastDay = [];

    public void Record(string url, DateTimeOffset time)
    {
        _views[url] = _views.GetValueOrDefault(url) + 1;
        if (!_lastDay.TryGetValue(url, out var times)) _lastDay[url] = times = new Queue<DateTimeOffset>();
        times.Enqueue(time);
    }

    public double Popularity(string url) => _views.GetValueOrDefault(url);

    public double Trending(string url)
    {
        if (!_lastDay.TryGetValue(url, out var times)) return 0;
        var now = clock.GetUtcNow();
        while (times.Count > 0 && times.Peek() <= now - Day) times.Dequeue();
        var lastHour = times.Count(t => t > now - Hour);
        return lastHour - times.Count / 24.0;
    }

    public IReadOnlyList<string> MostPopular(int limit, IReadOnlySet<string> exclude) =>
        Best(_views.Keys, Popularity, limit, exclude);

    public IReadOnlyList<string> MostTrending(int limit, IReadOnlySet<string> exclude) =>
        Best(_lastDay.Keys, Trending, limit, exclude);

    /// <summary>Ties go to the more viewed, then to the smaller URL, so that replays are deterministic.</summary>
    IReadOnlyList<string> Best(IEnumerable<string> urls, Func<string, double> score, int limit, IReadOnlySet<string> exclude) =>
        urls.Where(url => !exclude.Contains(url))
            .Select(url => (Url: url, Score: score(url)))
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score).ThenByDescending(c => _views[c.Url]).ThenBy(c => c.Url, StringComparer.Ordinal)
            .Take(limit)
            .Select(c => c.Url)
            .ToList();
}
