using Recommender.Core.Articles;

namespace Recommender.Core.Indexing;

public enum UpsertOutcome { Added, Updated }

public enum ArticleSort
{
    /// <summary>Best match first (index order when there is no query).</summary>
    Score,

    /// <summary>Newest first; articles without a publication date last.</summary>
    PubDateDescending,
}

/// <summary>A match, as listed: every field of the article but its body (<see cref="ArticleIndex.Listed"/>).</summary>
public sealed record SearchHit(Article Article, float Score);

/// <summary>One page of results and the number of all matches.</summary>
public sealed record SearchPage(int TotalHits, IReadOnlyList<SearchHit> Hits);
