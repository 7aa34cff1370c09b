using Recommender.Core.ClickThrough;

namespace Recommender.Core.Tests.ClickThrough;

public sealed class ProportionsTests
{
    /// <summary>
    /// By hand, z = 1.959964, z² = 3.841459. 10 of 100: centre = (0.1 + 0.019207)/1.038415 = 0.114796, half =
    /// 1.959964/1.038415 × √(0.0009 + 0.000096036) = 0.059568. 0 of 50: centre = half = 0.038415/1.076829 = 0.035674,
    /// so up to 0.071348.
    /// 50 of 50: the mirror of 0 of 50.
    /// </summary>
    [Theory]
    [InlineData(10, 100, 0.055228, 0.174364)]
    [InlineData(0, 50, 0.0, 0.071348)]
    [InlineData(50, 50, 0.928652, 1.0)]
    public void The_Wilson_interval_matches_hand_computed_values(long clicks, long impressions, double low, double high)
    {
        var interval = Proportions.Wilson(clicks, impressions);

        Assert.Equal(low, interval.Low, tolerance: 5e-6);
        Assert.Equal(high, interval.High, tolerance: 5e-6);
    }

    /// <summary>
    /// 30/1000 against 50/1000: pooled 0.04, √(0.04 × 0.96 × 0.002) = 0.0087636, z = −0.02/0.0087636 = −2.2822,
    /// p = 2(1 − Φ(2.2822)) = 0.0225. 10/100 against 12/100: pooled 0.11, √(0.11 × 0.89 × 0.02) = 0.044249,
    /// z = −0.4520, p = 0.6513.
    /// </summary>
    [Theory]
    [InlineData(30, 1000, 50, 1000, -2.2822, 0.0225)]
    [InlineData(10, 100, 12, 100, -0.4520, 0.6513)]
    public void The_two_proportion_z_test_matches_hand_computed_values(long x1, long n1, long x2, long n2, double z, double p)
    {
        var test = Proportions.TwoProportionZ(x1, n1, x2, n2)!.Value;

        Assert.Equal(z, test.Z, 3);
        Assert.Equal(p, test.PValue, 3);
    }

    [Fact]
    public void There_is_nothing_to_test_without_impressions_or_clicks()
    {
        Assert.Null(Proportions.TwoProportionZ(0, 0, 3, 100));
        Assert.Null(Proportions.TwoProportionZ(0, 100, 0, 100));
        Assert.Equal((0.0, 1.0), Proportions.Wilson(0, 0));
    }
}
