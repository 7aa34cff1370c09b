namespace Recommender.Core.Evaluation;

/// <summary>One row of an evaluation: a strategy (or method) and its mean scores by metric name, in the order first added.</summary>
public sealed class StrategyScores(string strategy)
{
    readonly Dictionary<string, (double Sum, int Count)> _sums = [];

    public string Strategy { get; } = strategy;

    /// <summary>The mean of every value added under each metric name.</summary>
    public IReadOnlyDictionary<string, double> Scores => _sums.ToDictionary(s => s.Key, s => s.Value.Count == 0 ? 0 : s.Value.Sum / s.Value.Count);

    /// <summary>How many values each metric's mean is over.</summary>
    public IReadOnlyDictionary<string, int> Counts => _sums.ToDictionary(s => s.Key, s => s.Value.Count);

    public void Add(string metric, double value)
    {
        var (sum, count) = _sums.GetValueOrDefault(metric);
        _sums[metric] = (sum + value, count + 1);
    }

    /// <summary>A value that is not a mean (a coverage, a count): kept as given.</summary>
    public void Set(string metric, double value) => _sums[metric] = (value, 1);
}
