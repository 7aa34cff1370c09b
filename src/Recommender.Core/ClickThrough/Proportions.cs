namespace Recommender.Core.ClickThrough;

/// <summary>A click-through rate with its 95 % interval, and how sure a difference between two of them is.</summary>
public static class Proportions
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval of <paramref name="successes"/> in <paramref name="trials"/>, with p̂ = x/n and z = 1.96:
    /// <code>
    /// centre = (p̂ + z²/2n) / (1 + z²/n)
    /// half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
    /// </code>
    /// Unlike p̂ ± z√(p̂(1−p̂)/n) it stays inside [0, 1] and is not of width 0 at 0 clicks, which is where a box's
    /// click-through lives (a few %). (0, 1) when there are no trials.
    /// </summary>
    public static (double Low, double High) Wilson(long successes, long trials, double z = Z95)
    {
        if (trials <= 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The two-proportion z-test of x₁/n₁ against x₂/n₂ under the pooled rate p = (x₁ + x₂)/(n₁ + n₂):
    /// <code>
    /// z = (p̂₁ − p̂₂) / √(p(1 − p)(1/n₁ + 1/n₂))
    /// </code>
    /// and its two-sided p-value 2(1 − Φ(|z|)). The difference is significant at 95 % when p &lt; 0.05 (|z| &gt; 1.96).
    /// Null when either side has no trials or nobody clicked on either (no variance to test against).
    /// </summary>
    public static (double Z, double PValue)? TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        if (variance <= 0) return null;
        var z = ((double)x1 / n1 - (double)x2 / n2) / Math.Sqrt(variance);
        return (z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>Φ(x) = ½(1 + erf(x/√2)), erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5·10⁻⁷).</summary>
    public static double NormalCdf(double x)
    {
        var t = Math.Abs(x) / Math.Sqrt(2);
        var k = 1 / (1 + 0.3275911 * t);
        var erf = 1 - (((((1.061405429 * k - 1.453152027) * k) + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.Exp(-t * t);
        return 0.5 * (1 + Math.Sign(x) * erf);
    }
}
