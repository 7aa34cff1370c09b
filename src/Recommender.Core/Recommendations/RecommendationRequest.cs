using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>What a caller asks of a list of recommendations, apart from where it starts.</summary>
public sealed record RecommendationRequest
{
    public required ArticleFilter Filter { get; init; }
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
