using Recommender.Core.Recommendations;

namespace Recommender.Core.ClickThrough;

/// <summary>
/// How <c>/rank</c> weighs a reader's interest in each candidate against the candidate's click-through in the site's
/// boxes (<see cref="ArticleClickThrough"/>): α·interest/max + (1−α)·click-through/max (<see cref="HybridScore.Blend"/>).
/// </summary>
public sealed record ClickThroughBlend(ClickThroughRates Rates, double Alpha)
{
    /// <summary>
    /// The α sites get unless they set <c>RankAlpha</c>. The best of 0.75, 0.5 and 0.25 on both sets of real readers'
    /// clicks here (<c>recommender eval impressions</c>, AUC; docs/EVALUATION.md): NeMig (German, lexical) 0.523, 0.541,
    /// 0.572 against interest alone 0.482 and click-through alone 0.586; the MIND fragment (English, hybrid; 119
    /// impressions) 0.619, 0.604, 0.622 against 0.552 and 0.602. On NeMig the reader's interest takes 0.014 off
    /// click-through alone; on MIND it adds 0.020; so both stay, click-through weighing most.
    /// </summary>
    public const double DefaultAlpha = 0.25;

    /// <summary>
    /// The candidates' scores blended with their rates, or <paramref name="interest"/> itself when none was ever clicked
    /// (then the blend would only rescale it).
    /// </summary>
    public static IReadOnlyList<double> Apply(IReadOnlyList<double> interest, IReadOnlyList<double> rates, double alpha) =>
        rates.Any(rate => rate > 0) ? HybridScore.Blend(interest, rates, alpha) : interest;
}
