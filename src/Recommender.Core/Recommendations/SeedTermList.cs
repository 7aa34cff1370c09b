using System.Runtime.CompilerServices;
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
/// <remarks>
/// Most lookups miss: a reason asks each seed for each query clause an answer matches and for each word of its title, and
/// a clause's term is in few of the ~20 seeds. So each term's hash sets one of 256 bits (32 bytes a list), and a term
/// whose bit is clear is not looked for: with ~45 terms about one miss in six still walks the list. The walks were
/// ~3 % of a warm personalised request at 100k articles (docs/BENCHMARKS.md, h-rest5).
/// </remarks>
public readonly struct SeedTermList
{
    readonly SeedTerm[] _terms;
    readonly HashBits _hashes;

    public SeedTermList(SeedTerm[] terms)
    {
        _terms = terms;
        foreach (var term in terms) _hashes[Word(term.Term)] |= Bit(term.Term);
    }

    public int Count => _terms.Length;

    public ReadOnlySpan<SeedTerm> Terms => _terms;

    public bool TryGetValue(HashedTerm term, out SeedTerm found)
    {
        if ((_hashes[Word(term)] & Bit(term)) != 0)
        {
            foreach (var candidate in _terms)
            {
                if (candidate.Term.Equals(term))
                {
                    found = candidate;
                    return true;
                }
            }
        }
        found = default;
        return false;
    }

    public bool Contains(HashedTerm term) => TryGetValue(term, out _);

    // The hash's low 8 bits: which of the four words, and which bit of it.
    static int Word(HashedTerm term) => (term.GetHashCode() >> 6) & 3;

    static ulong Bit(HashedTerm term) => 1UL << (term.GetHashCode() & 63);

    [InlineArray(4)]
    struct HashBits
    {
        ulong _word;
    }
}
