using Lucene.Net.Index;

namespace Recommender.Core.Recommendations;

/// <summary>Membership of a few documents in a term's postings, without running a search.</summary>
static class Postings
{
    /// <summary>
    /// The positions in <paramref name="docs"/> of the documents that contain <paramref name="term"/>: one skipping
    /// walk of its postings per segment, so the cost grows with the documents asked about, not with the postings.
    /// <paramref name="states"/>, when known, spare the seek to the term.
    /// </summary>
    public static List<int> Containing(IndexReader reader, Term term, TermContext? states, IReadOnlyList<int> docs)
    {
        var found = new List<int>();
        var order = Enumerable.Range(0, docs.Count).OrderBy(i => docs[i]).ToArray();
        var leaves = reader.Leaves;
        var next = 0;
        while (next < order.Length)
        {
            var leaf = leaves[ReaderUtil.SubIndex(docs[order[next]], leaves)];
            var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
            var postings = PostingsIn(leaf, term, states);
            for (; next < order.Length && docs[order[next]] < end; next++)
            {
                if (postings is null) continue;
                var target = docs[order[next]] - leaf.DocBase;
                var at = postings.DocID < target ? postings.Advance(target) : postings.DocID;
                if (at == target) found.Add(order[next]);
            }
        }
        return found;
    }

    static DocsEnum? PostingsIn(AtomicReaderContext leaf, Term term, TermContext? states)
    {
        var terms = leaf.AtomicReader.GetTerms(term.Field)?.GetEnumerator();
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
        return terms.Docs(leaf.AtomicReader.LiveDocs, null, DocsFlags.NONE);
    }
}
