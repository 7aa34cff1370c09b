using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>A term a seed gives its profile query, with the term's document frequency and its weight in the seed.</summary>
public readonly record struct SeedTerm(HashedTerm Term, int DocFreq, double Weight)
{
    /// <summary>
    /// Whether the term is the seed's section, which re-ranks candidates rather than joining the query: told once, when the
    /// seed's terms are computed. Asked of the term's field in every request's merge, it read ~860 terms' objects scattered
    /// over the heap, ~60 % of the merge's own samples at 100k articles (docs/BENCHMARKS.md, h-search5).
    /// </summary>
    public bool IsSection { get; } = Term.Term.Field == ArticleFields.SectionKey;
}

/// <summary>
/// A seed's terms in the order they were found, in one array: the best ~40 of its text and its authors, section and tags.
/// A seed's terms are kept for every article that was a seed (~60,000 of them after a 5,000-reader digest at 100k
/// articles, promoted to generation 2), where a dictionary of them was three objects and ~2.7 KB (59 slots of 40 bytes
/// for ~45 terms, and their buckets); the array is one object of 32 bytes a term. A lookup compares the ~45 terms'
/// hashes in turn, as cheap as a dictionary's at this size.
/// </summary>
public readonly struct SeedTermList(SeedTerm[] terms)
{
    public int Count => terms.Length;

    public ReadOnlySpan<SeedTerm> Terms => terms;

    public bool TryGetValue(HashedTerm term, out SeedTerm found)
    {
        foreach (var candidate in terms)
        {
            if (candidate.Term.Equals(term))
            {
                found = candidate;
                return true;
            }
        }
        found = default;
        return false;
    }

    public bool Contains(HashedTerm term) => TryGetValue(term, out _);
}
