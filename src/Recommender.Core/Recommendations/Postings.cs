using Lucene.Net.Index;

namespace Recommender.Core.Recommendations;

/// <summary>Membership of a few documents in terms' postings, without running a search.</summary>
/// <remarks>
/// The terms and postings enumerators are reused from one term to the next: each new one clones its file input,
/// which Lucene.Net registers in a weak table that the garbage collector then has to clear.
/// </remarks>
sealed class Postings(IndexReader reader, IReadOnlyList<int> docs)
{
    readonly int[] _order = [.. Enumerable.Range(0, docs.Count).OrderBy(i => docs[i])];
    readonly Dictionary<(int Leaf, string Field), TermsEnum?> _terms = [];
    // Per field too: an enumerator of a field indexed otherwise (a keyword's, without frequencies) cannot be reused.
    readonly Dictionary<(int Leaf, string Field), DocsEnum> _postings = [];

    /// <summary>
    /// The positions in the documents asked about of those that contain <paramref name="term"/>: one skipping
    /// walk of its postings per segment, so the cost grows with the documents asked about, not with the postings.
    /// <paramref name="states"/>, when known, spare the seek to the term.
    /// </summary>
    public List<int> Containing(Term term, TermContext? states)
    {
        var found = new List<int>();
        var leaves = reader.Leaves;
        var next = 0;
        while (next < _order.Length)
        {
            var leaf = leaves[ReaderUtil.SubIndex(docs[_order[next]], leaves)];
            var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
            var postings = PostingsIn(leaf, term, states);
            for (; next < _order.Length && docs[_order[next]] < end; next++)
            {
                if (postings is null) continue;
                var target = docs[_order[next]] - leaf.DocBase;
                var at = postings.DocID < target ? postings.Advance(target) : postings.DocID;
                if (at == target) found.Add(_order[next]);
            }
        }
        return found;
    }

    DocsEnum? PostingsIn(AtomicReaderContext leaf, Term term, TermContext? states)
    {
        if (!_terms.TryGetValue((leaf.Ord, term.Field), out var terms))
            _terms[(leaf.Ord, term.Field)] = terms = leaf.AtomicReader.GetTerms(term.Field)?.GetEnumerator();
        if (terms is null) return null;
        if (states is not null)
        {
            if (states.Get(leaf.Ord) is not { } state) return null;
            terms.SeekExact(term.Bytes, state);
        }
        else if (!terms.SeekExact(term.Bytes))
        {
            return null;
        }
        return _postings[(leaf.Ord, term.Field)] = terms.Docs(leaf.AtomicReader.LiveDocs, _postings.GetValueOrDefault((leaf.Ord, term.Field)), DocsFlags.NONE);
    }
}
