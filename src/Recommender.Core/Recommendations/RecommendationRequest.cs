using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>What a caller asks of a list of recommendations, apart from where it starts.</summary>
public sealed record RecommendationRequest
{
    public required ArticleFilter Filter { get; init; }

    /// <summary>What the list is of: articles related to a page or reader (the default), or the site's trending or popular ones.</summary>
    public RecommendationStrategy Strategy { get; init; } = RecommendationStrategy.Related;

    /// <summary>
    /// From 0 to 1: how much relevance, against views of the last day, ranks related articles within the candidate
    /// window (<see cref="HybridScore.Blend"/>); 1 is relevance alone.
    /// </summary>
    public double Alpha { get; init; } = 1;

    /// <summary>
    /// From 0 to 1: how much meaning (the cosine of article vectors, <see cref="HybridScore.WithMeaning"/>), against
    /// lexical relevance, ranks the candidate window; 0, the default, is the lexical answer. A site whose semantic layer
    /// is on asks for <see cref="SemanticWeights.Default"/>.
    /// </summary>
    public double SemanticWeight { get; init; }

    /// <summary>
    /// The site's co-read model when <c>/rank</c> is to order the candidates the reader's interest ties by it
    /// (<see cref="Sites.SiteOptions.CoRead"/>); null: by views alone.
    /// </summary>
    public CoReading.CoReadModel? CoReading { get; init; }

    /// <summary>
    /// The site's click-through and how <c>/rank</c> blends it with the reader's interest
    /// (<see cref="Sites.SiteOptions.RankAlpha"/>); null: interest alone.
    /// </summary>
    public ClickThrough.ClickThroughBlend? ClickThrough { get; init; }
    public int Limit { get; init; } = 10;

    /// <summary>1-based, as Parse.ly counts pages.</summary>
    public int Page { get; init; } = 1;

    public ArticleSort Sort { get; init; } = ArticleSort.Score;

    /// <summary>When set, the best candidates are ordered by this engagement signal of the last day, most first, rather than by <see cref="Sort"/>.</summary>
    public Boost? SortBySignal { get; init; }
    public IReadOnlyList<Boost> Boosts { get; init; } = [];

    /// <summary>A read's weight halves with every half-life of age; recency boosts use it too.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromHours(48);

    /// <summary>How many of the reader's most recent reads make the personalised query.</summary>
    public int RecentReads { get; init; } = 20;

    /// <summary>Whether a story shows only its best-ranked article; false lists every article of it.</summary>
    public bool CollapseStories { get; init; } = true;

    public FreshSlotOptions FreshSlots { get; init; } = new();
    public BusinessRuleOptions Rules { get; init; } = new();

    /// <summary>The experiment arm whose defaults the request took, if the reader is in one (<see cref="Experiments.ExperimentArm.ApplyTo"/>).</summary>
    public Experiments.ArmLabel? Arm { get; init; }
}

/// <summary>The semantic weight sites use, one for all (docs/EVALUATION.md, "Semantic layer").</summary>
public static class SemanticWeights
{
    /// <summary>
    /// The best of 0.25, 0.5, 0.75, 0.9 and 1 on both shared sets, labels withheld (share of the top 10 of
    /// /related?url= in the article's label: BBC 0.916, 0.923, 0.926, 0.927, 0.926; MIND 0.269, 0.299, 0.326, 0.333,
    /// 0.332; lexical alone 0.906 and 0.240). Most of the gain is reached by 0.75. Still the best with the meaning fed
    /// back (<see cref="Semantic.ReaderVector.WithMeaningFedBack"/>): BBC 0.922, 0.929, 0.932, 0.934, 0.932; MIND 0.295,
    /// 0.322, 0.346, 0.352, 0.350.
    /// </summary>
    public const double Default = 0.9;
}

public enum RecommendationStrategy
{
    Related,

    /// <summary>Rising views in the last hour against the last day, as <c>GET /trending</c> ranks them.</summary>
    Trending,

    /// <summary>The most views in the last day.</summary>
    Popular,
}

/// <summary>Signals that multiply relevance.</summary>
public enum Boost
{
    Views,
    EngagedTime,
    SocialReferrals,
    SearchReferrals,
    InternalReferrals,
    Recency,
}

/// <summary>One recommended article, its score, and why, in words a reader could be shown.</summary>
public sealed record Recommendation(Article Article, double Score, string Reason);
