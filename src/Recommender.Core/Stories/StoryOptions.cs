namespace Recommender.Core.Stories;

/// <summary>
/// How articles are grouped into stories as they arrive. An article joins the story of the most similar recent
/// article when it is similar enough to it (<see cref="MinSimilarity"/>) and, on average, to the story's recent
/// articles (<see cref="MinStorySimilarity"/>, which keeps a story from drifting along a chain of neighbours),
/// and was published within <see cref="MaxGap"/> of them. Defaults chosen on WikiRef220 (docs/EVALUATION.md).
/// </summary>
public sealed record StoryOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Cosine similarity of the article's terms to the closest recent article's, from 0 to 1.</summary>
    public double MinSimilarity { get; init; } = 0.15;

    /// <summary>Mean cosine similarity to the story's recent articles (up to <see cref="StoryArticlesCompared"/>).</summary>
    public double MinStorySimilarity { get; init; } = 0.1;

    /// <summary>
    /// Publication times further apart than this never make one story. An undated article is a story of its own:
    /// without a date, "the same event" cannot be told from "the same subject, years apart".
    /// </summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromHours(48);

    /// <summary>The most similar recent articles that are considered as the closest one.</summary>
    public int Candidates { get; init; } = 5;

    /// <summary>The story's newest articles that the whole-story similarity is computed over.</summary>
    public int StoryArticlesCompared { get; init; } = 10;

    /// <summary>An article's most distinctive terms (tf × idf) that it is compared by.</summary>
    public int SignatureTerms { get; init; } = 25;
}
