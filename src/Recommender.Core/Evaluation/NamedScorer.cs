using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Evaluation;

/// <summary>
/// A way of the product's to score candidates, under the name the evaluation gives it: the meaning alone
/// (<see cref="RelatedArticles.SemanticScores"/>) or <c>/rank</c> as a site with its semantic layer on runs it.
/// </summary>
public sealed class NamedScorer(string name, Func<IReadOnlyList<ProfileEntry>, IReadOnlyList<string>, RecommendationRequest, IReadOnlyList<double?>> score)
    : ICandidateScorer
{
    public string Name => name;

    public IReadOnlyList<double?> Score(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls, RecommendationRequest request) =>
        score(history, urls, request);
}
