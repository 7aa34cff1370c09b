namespace Recommender.Core.Recommendations;

/// <summary>
/// Relevance blended with popularity, as <c>/related</c> ranks its candidate window with a site's α below 1 and as
/// <c>recommender eval log</c> measures it.
/// </summary>
public static class HybridScore
{
    /// <summary>
    /// Each candidate's α·relevance/max relevance + (1−α)·popularity/max popularity, both maxima taken among the
    /// candidates (a part whose maximum is 0 adds nothing): α = 1 ranks by relevance alone, α = 0 by popularity alone.
    /// </summary>
    public static double[] Blend(IReadOnlyList<double> relevance, IReadOnlyList<double> popularity, double alpha)
    {
        if (relevance.Count == 0) return [];
        var maxRelevance = relevance.Max();
        var maxPopularity = popularity.Max();
        var blended = new double[relevance.Count];
        for (var i = 0; i < blended.Length; i++) blended[i] = alpha * Normalised(relevance[i], maxRelevance) + (1 - alpha) * Normalised(popularity[i], maxPopularity);
        return blended;
    }

    /// <summary>
    /// Each candidate's relevance blended with its meaning: (1−w)·relevance/max relevance + w·cosine, the cosine of its
    /// vector with the page's or reader's (below 0 counts as 0: unrelated, not opposite), times the best relevance so
    /// that the result stays in relevance's units. w = 0 is relevance alone. When nothing is relevant (candidates that
    /// share no word with the reads, as <c>/rank</c> may be given), meaning alone orders them: w·cosine.
    /// </summary>
    public static double[] WithMeaning(IReadOnlyList<double> relevance, IReadOnlyList<double> cosines, double weight)
    {
        if (relevance.Count == 0) return [];
        var maxRelevance = relevance.Max();
        var scale = maxRelevance > 0 ? maxRelevance : 1;
        // Filled in place: an indexed Select's count is unknown, so a collection of it grew and copied twice a request.
        var blended = new double[relevance.Count];
        for (var i = 0; i < blended.Length; i++) blended[i] = scale * ((1 - weight) * Normalised(relevance[i], maxRelevance) + weight * Math.Max(0, cosines[i]));
        return blended;
    }

    static double Normalised(double value, double max) => max > 0 ? value / max : 0;
}
