using Recommender.Core.Experiments;

namespace Recommender.Core.ClickThrough;

/// <summary>Impressions, clicks, their rate, and the engaged seconds readers spent on the pages they clicked.</summary>
public sealed record Rate(long Impressions, long Clicks, double Ctr, long EngagedSeconds, double EngagedSecondsPerClick)
{
    public static Rate Of(IEnumerable<ClickThroughRow> rows)
    {
        long impressions = 0, clicks = 0, engaged = 0;
        foreach (var row in rows) (impressions, clicks, engaged) = (impressions + row.Impressions, clicks + row.Clicks, engaged + row.EngagedSeconds);
        return new Rate(impressions, clicks, impressions == 0 ? 0 : Math.Round((double)clicks / impressions, 4), engaged,
            clicks == 0 ? 0 : Math.Round((double)engaged / clicks, 1));
    }
}

/// <summary>One strategy's click-through, whole answers and per position (1 is the box's first link).</summary>
public sealed record StrategyClickThrough(string Strategy, Rate Total, IReadOnlyList<PositionClickThrough> Positions)
{
    /// <summary>Per strategy, over every arm: what <c>GET /ctr</c> answers.</summary>
    public static IReadOnlyList<StrategyClickThrough> Of(IReadOnlyList<ClickThroughRow> rows) =>
    [
        .. rows.GroupBy(r => r.Strategy).OrderBy(s => s.Key, StringComparer.Ordinal).Select(strategy => new StrategyClickThrough(
            strategy.Key,
            Rate.Of(strategy.Where(r => r.Position == 0)),
            [.. strategy.Where(r => r.Position > 0).GroupBy(r => r.Position).OrderBy(p => p.Key).Select(p => new PositionClickThrough(p.Key, Rate.Of(p)))])),
    ];
}

public sealed record PositionClickThrough(int Position, Rate Rate);

/// <summary>One experiment (a name at one version of its arms) and how its arms did; <c>GET /experiments</c>.</summary>
/// <param name="Running">Whether the site's configuration has it enabled at this version now; an edit ends it and starts the next.</param>
public sealed record ExperimentReport(string Experiment, string Version, bool Running, string Control, IReadOnlyList<ArmReport> Arms)
{
    /// <summary>
    /// Every experiment the counts name or the configuration has, each arm against the control arm (the configured one,
    /// else the first by name) by the two-proportion z-test of their click-through (<see cref="Proportions.TwoProportionZ"/>).
    /// </summary>
    public static IReadOnlyList<ExperimentReport> Of(IReadOnlyList<ClickThroughRow> rows, IReadOnlyDictionary<string, SiteExperiment> configured)
    {
        var counted = rows.Where(r => r.Position == 0 && r.Arm is not null).GroupBy(r => (r.Arm!.Experiment, r.Arm.Version))
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Arm!.Arm).ToDictionary(a => a.Key, a => Rate.Of(a)));
        foreach (var (name, experiment) in configured) counted.TryAdd((name, experiment.Version), []);

        return [.. counted.OrderBy(e => e.Key.Experiment, StringComparer.Ordinal).ThenBy(e => e.Key.Version, StringComparer.Ordinal).Select(e =>
        {
            var config = configured.GetValueOrDefault(e.Key.Experiment) is { } c && c.Version == e.Key.Version ? c : null;
            var armNames = e.Value.Keys.Concat(config?.Arms.Keys.AsEnumerable() ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
            var control = config?.ControlArm ?? armNames.FirstOrDefault() ?? "";
            var controlRate = e.Value.GetValueOrDefault(control) ?? Rate.Of([]);
            return new ExperimentReport(e.Key.Experiment, e.Key.Version, config?.Enabled == true, control, [.. armNames.Select(arm =>
            {
                var rate = e.Value.GetValueOrDefault(arm) ?? Rate.Of([]);
                var (low, high) = Proportions.Wilson(rate.Clicks, rate.Impressions);
                var test = arm == control ? null : Proportions.TwoProportionZ(rate.Clicks, rate.Impressions, controlRate.Clicks, controlRate.Impressions);
                return new ArmReport(arm, config?.Arms.GetValueOrDefault(arm)?.Share, rate, Math.Round(low, 4), Math.Round(high, 4),
                    test is { } t ? new VersusControl(Math.Round(t.Z, 3), Math.Round(t.PValue, 4), t.PValue < 0.05) : null);
            })]);
        })];
    }
}

/// <param name="Share">The arm's configured share of readers; null once the experiment is no longer configured.</param>
/// <param name="CtrLow">The low end of the 95 % Wilson interval of the click-through rate.</param>
/// <param name="VersusControl">Null for the control arm itself, and when there is nothing to test yet.</param>
public sealed record ArmReport(string Arm, double? Share, Rate Rate, double CtrLow, double CtrHigh, VersusControl? VersusControl);

/// <summary>The two-proportion z-test of an arm's click-through against the control's; significant at 95 % when p &lt; 0.05.</summary>
public sealed record VersusControl(double Z, double PValue, bool Significant);
