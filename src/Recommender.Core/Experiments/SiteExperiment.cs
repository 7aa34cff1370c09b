using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Experiments;

/// <summary>
/// An A/B test of <c>/related</c> under <c>Sites:{apikey}:Experiments:{name}</c>: named arms, each a share of the
/// site's readers and the <c>/related</c> defaults they get. A reader is in one arm for the experiment's life.
/// </summary>
public sealed class SiteExperiment
{
    /// <summary>Whether readers are assigned; a site runs at most one experiment at a time, an ended one is kept for its report.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The arm the others are compared with in <c>/experiments</c>; unset, the first arm by name.</summary>
    public string? Control { get; set; }

    public Dictionary<string, ExperimentArm> Arms { get; set; } = [];

    /// <summary>The arms by name, in the order their shares are laid end to end.</summary>
    public IEnumerable<KeyValuePair<string, ExperimentArm>> OrderedArms => Arms.OrderBy(a => a.Key, StringComparer.Ordinal);

    public string ControlArm => Control ?? OrderedArms.Select(a => a.Key).FirstOrDefault() ?? "";

    /// <summary>
    /// 8 hex digits of the XxHash64 of the arms as configured: editing a share or a setting makes a new version, which
    /// <c>/experiments</c> reports apart, so an edit starts a new experiment without a restart (the site's settings are
    /// read again on every configuration reload).
    /// </summary>
    public string Version
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (name, arm) in OrderedArms) text.Append(name).Append('=').Append(arm.Describe()).Append(';');
            return (XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString())) & 0xFFFF_FFFF).ToString("x8", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// The arm of <paramref name="uuid"/>: the XxHash64 of the uuid and the experiment's name as a point in [0, 1),
    /// and the arms' shares laid end to end over it. Stable across processes and restarts (unlike string.GetHashCode),
    /// and independent between experiments of other names.
    /// </summary>
    public (string Name, ExperimentArm Arm) ArmOf(string experiment, string uuid)
    {
        var point = XxHash64.HashToUInt64(MemoryMarshal.AsBytes($"{experiment}\n{uuid}".AsSpan())) / (double)ulong.MaxValue;
        var reached = 0.0;
        KeyValuePair<string, ExperimentArm> last = default;
        foreach (var arm in OrderedArms)
        {
            last = arm;
            reached += arm.Value.Share;
            if (point < reached) return (arm.Key, arm.Value);
        }
        // Shares add up to 1 up to rounding: a point above their sum belongs to the last arm.
        return (last.Key, last.Value);
    }

    /// <summary>The site's running experiment and the arm of <paramref name="uuid"/> in it, or null when it runs none.</summary>
    public static (ArmLabel Label, ExperimentArm Arm)? Assign(IReadOnlyDictionary<string, SiteExperiment> experiments, string uuid)
    {
        foreach (var (name, experiment) in experiments)
        {
            if (!experiment.Enabled || experiment.Arms.Count == 0) continue;
            var (armName, arm) = experiment.ArmOf(name, uuid);
            return (new ArmLabel(name, experiment.Version, armName), arm);
        }
        return null;
    }

    /// <summary>What is wrong with the experiments of a site, each message naming its key (<c>{key}:Experiments:{name}:...</c>).</summary>
    public static IEnumerable<string> Errors(string key, IReadOnlyDictionary<string, SiteExperiment> experiments)
    {
        if (experiments.Count(e => e.Value.Enabled) > 1)
            yield return $"{key}:Experiments: at most one experiment may be Enabled at a time, not {string.Join(", ", experiments.Where(e => e.Value.Enabled).Select(e => e.Key))}";
        foreach (var (name, experiment) in experiments)
        {
            var at = $"{key}:Experiments:{name}";
            if (!ExperimentNames.IsValid(name)) yield return $"{at}: a name has 1 to {ExperimentNames.MaxLength} letters, digits, - or _";
            if (experiment.Arms.Count < 2) yield return $"{at}:Arms: an experiment needs at least two arms";
            if (experiment.Control is { } control && !experiment.Arms.ContainsKey(control)) yield return $"{at}:Control '{control}' is not one of its arms";
            var total = 0.0;
            foreach (var (armName, arm) in experiment.Arms)
            {
                var armKey = $"{at}:Arms:{armName}";
                if (!ExperimentNames.IsValid(armName)) yield return $"{armKey}: a name has 1 to {ExperimentNames.MaxLength} letters, digits, - or _";
                if (!(arm.Share is >= 0 and <= 1)) yield return $"{armKey}:Share must be from 0 to 1, not {arm.Share}";
                if (arm.Strategy is not null && arm.StrategyValue is null) yield return $"{armKey}:Strategy must be related, trending or popular, not '{arm.Strategy}'";
                if (arm.Alpha is { } alpha && !(alpha is >= 0 and <= 1)) yield return $"{armKey}:Alpha must be from 0 to 1, not {alpha}";
                if (arm.SemanticWeight is { } weight && !(weight is >= 0 and <= 1)) yield return $"{armKey}:SemanticWeight must be from 0 to 1, not {weight}";
                if (arm.FreshShare is { } fresh && !(fresh is >= 0 and <= 1)) yield return $"{armKey}:FreshShare must be from 0 to 1, not {fresh}";
                if (arm.HalfLifeHours is { } hours && !(hours > 0)) yield return $"{armKey}:HalfLifeHours must be above 0, not {hours}";
                total += arm.Share;
            }
            // Shares written as decimals (0.1 + 0.2 + 0.7) miss 1 by a rounding error only.
            if (experiment.Arms.Count > 0 && Math.Abs(total - 1) > 1e-6) yield return $"{at}:Arms: the shares must add up to 1, not {total}";
        }
    }
}

/// <summary>One arm: its share of readers and the <c>/related</c> defaults it sets; unset values keep the site's.</summary>
public sealed class ExperimentArm
{
    /// <summary>From 0 to 1; the arms of an experiment add up to 1.</summary>
    public double Share { get; set; }

    /// <summary><c>related</c>, <c>trending</c> or <c>popular</c>, as <c>/related?strategy=</c> names them.</summary>
    public string? Strategy { get; set; }

    /// <summary>The arm's <see cref="Strategy"/>, null when unset or not one.</summary>
    public RecommendationStrategy? StrategyValue =>
        Enum.TryParse<RecommendationStrategy>(Strategy, ignoreCase: true, out var strategy) && Enum.IsDefined(strategy) && !char.IsDigit(Strategy![0])
            ? strategy : null;

    /// <summary>As <see cref="Sites.SiteDefaults.Alpha"/>.</summary>
    public double? Alpha { get; set; }

    /// <summary>From 0 (the semantic layer off) to 1; <see cref="SemanticWeights.Default"/> is the layer on as sites use it.</summary>
    public double? SemanticWeight { get; set; }

    /// <summary>As <see cref="Sites.SiteFreshSlots.Share"/>.</summary>
    public double? FreshShare { get; set; }

    /// <summary>As <see cref="Sites.SiteDefaults.HalfLifeHours"/>.</summary>
    public double? HalfLifeHours { get; set; }

    /// <summary>
    /// The request with this arm's defaults in place of the site's, named by <paramref name="label"/> (which goes into
    /// the answer's cache key, so two arms alike in their settings still have answers, and ids, of their own). A
    /// caller applies the request's explicit parameters after it, so they win over the arm.
    /// </summary>
    public RecommendationRequest ApplyTo(RecommendationRequest request, ArmLabel label) => request with
    {
        Arm = label,
        Strategy = StrategyValue ?? request.Strategy,
        Alpha = Alpha ?? request.Alpha,
        SemanticWeight = SemanticWeight ?? request.SemanticWeight,
        FreshSlots = FreshShare is { } share ? request.FreshSlots with { Share = share } : request.FreshSlots,
        HalfLife = HalfLifeHours is { } hours ? TimeSpan.FromHours(hours) : request.HalfLife,
    };

    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Share:R},{Strategy},{Alpha:R},{SemanticWeight:R},{FreshShare:R},{HalfLifeHours:R}");
}
