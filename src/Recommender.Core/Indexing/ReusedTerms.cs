using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// One terms enumerator and one postings enumerator per segment's field and thread, reused from one seek to the next
/// for as long as the segment lives. A new terms enumerator allocates its frames and arcs and a postings enumerator its
/// buffers, and each clones its file input, which Lucene.Net registers in a weak table the garbage collector has to
/// clear: a cold reader's URL lookups and seeds' document frequencies made a new pair for every lookup, about a third
/// of the 1,178 KB a cold reader allocated at 100k articles (docs/BENCHMARKS.md, "The cold reader, third pass").
/// </summary>
/// <remarks>An enumerator given out is the thread's: use it before asking for the same segment's field again.</remarks>
static class ReusedTerms
{
    sealed class Reused(TermsEnum terms)
    {
        public readonly TermsEnum Terms = terms;
        public DocsEnum? Docs;
        public SortedSetDocValues? Keys;
    }

    // Keyed by the segment's field (Lucene's Terms, one instance per segment core and field), so an entry goes with its segment.
    [ThreadStatic] static ConditionalWeakTable<Terms, Reused>? t_reused;

    static Reused? Of(AtomicReader segment, string field)
    {
        if (segment.GetTerms(field) is not { } terms) return null;
        var reused = t_reused ??= [];
        if (!reused.TryGetValue(terms, out var enums))
        {
            enums = new Reused(terms.GetEnumerator());
            reused.Add(terms, enums);
        }
        return enums;
    }

    /// <summary>The thread's terms enumerator of the segment's field, positioned at <paramref name="term"/>; null when the segment lacks it.</summary>
    public static TermsEnum? Seek(AtomicReader segment, string field, BytesRef term) =>
        Of(segment, field) is { } enums && enums.Terms.SeekExact(term) ? enums.Terms : null;

    /// <summary>The thread's postings of <paramref name="term"/> in the segment, without frequencies; null when the segment lacks the term.</summary>
    public static DocsEnum? Docs(AtomicReader segment, string field, BytesRef term, IBits? liveDocs)
    {
        if (Of(segment, field) is not { } enums || !enums.Terms.SeekExact(term)) return null;
        return enums.Docs = enums.Terms.Docs(liveDocs, enums.Docs, DocsFlags.NONE);
    }

    /// <summary>
    /// The thread's postings of <paramref name="term"/> in the segment, with frequencies, deleted documents included, sought
    /// by its kept state; null when the segment lacks the field.
    /// </summary>
    public static DocsEnum? Postings(AtomicReader segment, Term term, TermState state)
    {
        if (Of(segment, term.Field) is not { } enums) return null;
        enums.Terms.SeekExact(term.Bytes, state);
        return enums.Docs = enums.Terms.Docs(null, enums.Docs, DocsFlags.FREQS);
    }

    /// <summary>
    /// The thread's iterator over the segment's uninverted keyword field (Lucene's field cache), null when the segment lacks
    /// the field. Each call to the field cache takes one lock that every thread shares and makes a new iterator with a new
    /// terms enumerator: in a digest's first run at 100k articles, where each cold seed asked three times (authors, section,
    /// tags), that was 6.2 % of the CPU samples, 3.4 % of them spinning on the lock (docs/BENCHMARKS.md, "The cold reader,
    /// fourth pass").
    /// </summary>
    public static SortedSetDocValues? Keys(AtomicReader segment, string field) =>
        Of(segment, field) is { } enums ? enums.Keys ??= FieldCache.DEFAULT.GetDocTermOrds(segment, field) : null;

    /// <summary>As <see cref="IndexReader.DocFreq"/>, which opens a new terms enumerator per segment and call.</summary>
    public static int DocFreq(IndexReader reader, string field, BytesRef term)
    {
        var docFreq = 0;
        foreach (var leaf in reader.Leaves)
        {
            if (Seek(leaf.AtomicReader, field, term) is { } terms) docFreq += terms.DocFreq;
        }
        return docFreq;
    }
}
