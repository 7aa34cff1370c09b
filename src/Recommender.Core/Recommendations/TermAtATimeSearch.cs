using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>
/// The best documents for a disjunction of weighted terms, scored exactly as Lucene scores the BooleanQuery of those
/// TermQuery clauses with its DefaultSimilarity (each clause's score, summed, times the coordination factor; a searcher
/// with another similarity is refused), but a term at a time:
/// each segment's postings are walked one clause after another, from the segment's postings of the term decoded once and
/// kept (<see cref="DecodedPostings"/>); a term is decoded with the thread's enumerator of the segment's field
/// (<see cref="ReusedTerms"/>), kept from one request to the next: a new terms enumerator per request and field
/// allocated about 7 KB of a personalised request's 418 KB at 100k articles (docs/BENCHMARKS.md).
/// </summary>
/// <remarks>
/// Lucene's scorer opens an enumerator per clause and segment, and each clones its file input, which Lucene.Net
/// 4.8.0-beta00017 registers in a <c>ConditionalWeakTable</c>; with 60 clauses those registrations, and the
/// finalizers and collections that clear them, cost about a fifth of a personalised request (docs/BENCHMARKS.md).
/// </remarks>
public static class TermAtATimeSearch
{
    /// <summary>
    /// A segment's documents are added up a block at a time: a block's scores and match counts (192 KB) stay in the
    /// core's cache, where accumulators sized by the segment (12 MB at 1M articles, 1.2 MB at 100k) were written at
    /// random by every posting and read at random again by the loop over the touched documents (docs/BENCHMARKS.md).
    /// </summary>
    const int BlockSize = 1 << 14;

    /// <summary>A block's accumulators, kept from one search to the next cleared where it wrote: so no search has to clear a whole block.</summary>
    sealed class Block
    {
        public readonly double[] Scores = new double[BlockSize];
        public readonly int[] Matches = new int[BlockSize];
        /// <summary>A bit a document, set when a posting adds to it.</summary>
        public readonly ulong[] Touched = new ulong[BlockSize / 64];
        /// <summary>The touched documents that might enter the queue, with their scores; one more than a block, as each is written before it is counted.</summary>
        public readonly Hit[] Found = new Hit[BlockSize + 1];
    }

    // The thread's (a search runs on one thread, ~320 KB a block): a bag of them kept one for every search ever run at
    // once, without a bound. Taken while a search runs, so a search that fails leaves none half-written for the next.
    [ThreadStatic] static Block? t_block;

    /// <summary>The best <paramref name="count"/> documents that <paramref name="filter"/> accepts, best first; ties by document number.</summary>
    /// <param name="filter">Its document sets must leave out deleted documents, as <see cref="Filter.GetDocIdSet"/> asks.</param>
    public static ScoreDoc[] Search(IndexSearcher searcher, IReadOnlyList<QueryTerm> clauses, Filter filter, int count)
    {
        if (clauses.Count == 0 || count <= 0) return [];
        if (searcher.Similarity.GetType() != typeof(DefaultSimilarity)) throw new NotSupportedException("The search scores as Lucene's DefaultSimilarity does.");
        var weights = NormalizedWeights(searcher, clauses);
        // As BooleanWeight.Coord: a single clause is never scaled.
        var coord = new float[clauses.Count + 1];
        for (var k = 0; k < coord.Length; k++) coord[k] = clauses.Count == 1 ? 1f : Similarity.Coord(k, clauses.Count);

        // Documents and scores as values, made into ScoreDocs only for the hits: a ScoreDoc for every document the queue
        // took on its way (~650 of a personalised request's ~15,000 touched at 100k articles) was 21 KB a request.
        var best = new TopHits(count);
        var block = t_block ?? new Block();
        t_block = null;
        var inSegment = new ClauseInSegment[clauses.Count];
        var next = new int[clauses.Count];
        // The worst score the queue holds once it is full: an offer below it cannot enter, and asking the queue about every
        // one was a call each, where it takes ~776 of a personalised request's ~20,100 offers at 100k articles.
        var floor = float.NegativeInfinity;
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            if (!TryAccepted(filter, leaf, out var accepted)) continue;
            var present = InSegment(searcher.IndexReader, leaf, clauses, weights, inSegment);
            Array.Clear(next);
            for (var start = 0; start < leaf.AtomicReader.MaxDoc; start += BlockSize)
            {
                // Clause by clause, as a whole segment was: each document's partial scores are added in the same order.
                for (var c = 0; c < present; c++) next[c] = Add(inSegment[c], next[c], start, block);
                var found = Collect(block, coord, floor);
                foreach (var (doc, score) in block.Found.AsSpan(0, found))
                {
                    if (score >= floor && (accepted is null || accepted.Get(start + doc))) floor = best.Offer(leaf.DocBase + start + doc, score);
                }
            }
        }
        t_block = block;
        return best.BestFirst();
    }

    /// <summary>
    /// Adds the clause's postings from its <paramref name="p"/>th on that fall in the block from <paramref name="start"/> to
    /// the block's scores and match counts, and marks their documents touched; where the next block's postings begin.
    /// Whether the filter accepts a document is asked later, of the few that would enter the queue. A method of its own,
    /// never inlined and calling nothing, so that the JIT keeps its arrays and counts in registers: in the search's body,
    /// or with the filter's call in the loop, it read them from the stack for every posting.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Add(in ClauseInSegment clause, int p, int start, Block block)
    {
        var (docs, tfs, norms, weight) = clause;
        var (scores, matches, touched) = (block.Scores, block.Matches, block.Touched);
        var end = start + BlockSize;
        for (; p < docs.Length; p++)
        {
            var doc = docs[p];
            if (doc >= end) break;
            // As TFIDFSimScorer.Score, in the same order: tf × weight, then times the document's norm.
            var raw = tfs[p] * weight;
            var score = norms is null ? raw : raw * Norms[norms[doc]];
            var local = doc - start;
            touched[local >> 6] |= 1UL << local;
            matches[local]++;
            scores[local] += score;
        }
        return p;
    }

    /// <summary>
    /// Into the block's <see cref="Block.Found"/>, the touched documents of the block (numbered within it) whose sum times the
    /// coordination factor of their matches reaches <paramref name="floor"/>, with that score; how many. Clears what the
    /// postings wrote. The documents in their order, so that their scores and counts are read as they lie: read in the
    /// order they were first touched (a list the postings' loop wrote), each was a random access into the block's 192 KB,
    /// and the loop that listed them had a branch on whether a document was new, which three postings in four are. Never
    /// inlined and calling nothing, as <see cref="Add"/>: with the queue's calls in it, it too read its arrays from the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Collect(Block block, float[] coord, float floor)
    {
        var (scores, matches, touched, found) = (block.Scores, block.Matches, block.Touched, block.Found);
        var count = 0;
        for (var word = 0; word < touched.Length; word++)
        {
            var bits = touched[word];
            if (bits == 0) continue;
            touched[word] = 0;
            do
            {
                var doc = word << 6 | BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var score = (float)(scores[doc] * coord[matches[doc]]);
                // Written always, counted when it might enter: after the first block few do, and a branch on it guessed wrong.
                found[count] = new Hit(doc, score);
                count += score >= floor ? 1 : 0;
                scores[doc] = 0;
                matches[doc] = 0;
            } while (bits != 0);
        }
        return count;
    }

    /// <summary>A clause's postings in one segment (deleted documents included), the segment's norms of its field, and its weight.</summary>
    readonly record struct ClauseInSegment(int[] Docs, float[] Tfs, byte[]? Norms, float Weight);

    // DefaultSimilarity's parts, its tf (a square root) and its norms' decoding as tables: Lucene's scorer of a term
    // (TFIDFSimScorer) took both through virtual calls for every posting.
    static readonly DefaultSimilarity Similarity = new();
    static readonly float[] Tfs = [.. Enumerable.Range(0, 64).Select(freq => Similarity.Tf(freq))];
    static readonly float[] Norms = [.. Enumerable.Range(0, 256).Select(norm => Similarity.DecodeNormValue(norm))];

    /// <summary>
    /// Each clause's weight (tf and norm apart): as IndexSearcher.CreateNormalizedWeight and TFIDFSimilarity's weight
    /// (IDFStats) make it for the BooleanQuery, the clause's idf × boost, normalised by the query norm, times its idf again.
    /// </summary>
    static float[] NormalizedWeights(IndexSearcher searcher, IReadOnlyList<QueryTerm> clauses)
    {
        var idfs = new float[clauses.Count];
        var weights = new float[clauses.Count];
        var sum = 0f;
        for (var i = 0; i < clauses.Count; i++)
        {
            idfs[i] = Similarity.Idf(clauses[i].States.DocFreq, searcher.IndexReader.MaxDoc);
            weights[i] = idfs[i] * clauses[i].Boost;
            sum += weights[i] * weights[i];
        }
        var norm = Similarity.QueryNorm(sum);
        if (float.IsInfinity(norm) || float.IsNaN(norm)) norm = 1f;
        for (var i = 0; i < weights.Length; i++) weights[i] = weights[i] * norm * idfs[i];
        return weights;
    }

    /// <summary>
    /// Into <paramref name="inSegment"/>, in the clauses' order, those clauses whose term <paramref name="leaf"/> (a segment
    /// of <paramref name="reader"/>) has; how many. The search reads their kept postings where they are: copied, each scored,
    /// into arrays of the segment first, they were written and read again, ~8 % of a warm personalised request at 100k
    /// articles (docs/BENCHMARKS.md, "The warm personalised request, third pass").
    /// </summary>
    static int InSegment(IndexReader reader, AtomicReaderContext leaf, IReadOnlyList<QueryTerm> clauses, float[] weights, ClauseInSegment[] inSegment)
    {
        var present = 0;
        for (var i = 0; i < clauses.Count; i++)
        {
            var (term, states, _) = clauses[i];
            if (states.Get(leaf.Ord) is not { } state) continue;
            var (docs, tfs) = DecodedPostings(reader, leaf.AtomicReader, term, state);
            inSegment[present++] = new ClauseInSegment(docs, tfs, NormsOf(leaf.AtomicReader, term.Field), weights[i]);
        }
        return present;
    }

    /// <summary>A term's postings in one segment, deleted documents included: each document (ascending) and its tf.</summary>
    internal readonly record struct Decoded(int[] Docs, float[] Tfs);

    /// <summary>
    /// Postings decoded are kept for at most this many documents over the whole index (8 bytes each, so 48 MB), each
    /// segment its share by its documents: the bench's 1,000 readers at 100k articles ask ~4.1 M postings of their
    /// queries' terms in all, and at a bound of 4 M the cache started over every ~2,000 requests (docs/BENCHMARKS.md,
    /// "The warm personalised request").
    /// </summary>
    internal const int PostingsKept = 6_000_000;

    /// <summary>A segment's bound at least, so that a small one keeps many queries' postings, not a few.</summary>
    internal const int LeastKeptPerSegment = 1 << 16;

    // A segment's postings never change, and the same terms come back in request after request (readers share
    // sections, and a reader's query changes little between requests): decoding them from Lucene's blocks (a virtual
    // NextDoc and Freq, a packed-ints decode and an accepted-bits check for every posting) was ~27 % of a warm
    // personalised request at 100k articles.
    static readonly ConditionalWeakTable<object, StartOverCache<HashedTerm, Decoded>> SegmentPostingsKept = new();

    /// <summary>
    /// The term's postings in <paramref name="segment"/> (a leaf of <paramref name="reader"/>), whose state there is
    /// <paramref name="state"/>, decoded once and kept.
    /// </summary>
    /// <remarks>Static lambdas with their state passed in: a capturing lambda was a closure and a delegate made for every clause of every request.</remarks>
    internal static Decoded DecodedPostings(IndexReader reader, AtomicReader segment, Term term, TermState state) =>
        SegmentPostingsKept.GetOrAdd(segment.CoreCacheKey, static (_, index) => new(KeptIn(index.Reader, index.Segment), decoded => decoded.Docs.Length),
                (Reader: reader, Segment: segment))
            .GetOrAdd(new HashedTerm(term), static (t, read) => Decode(read.Segment, t.Term, read.State), (Segment: segment, State: state));

    /// <summary>
    /// The segment's share of <see cref="PostingsKept"/>, by its documents in the index as it is when the segment is
    /// first searched: the same bound for every segment would let an index written over time, which the merge policy
    /// leaves in tens of segments, keep tens of times as much.
    /// </summary>
    internal static int KeptIn(IndexReader reader, AtomicReader segment) =>
        (int)Math.Max(LeastKeptPerSegment, (long)PostingsKept * segment.MaxDoc / Math.Max(1, reader.MaxDoc));

    static Decoded Decode(AtomicReader segment, Term term, TermState state)
    {
        if (ReusedTerms.Postings(segment, term, state) is not { } postings) return new([], []);
        // Filled in place rather than through lists copied at the end: a common term's arrays are large objects, and the
        // copies doubled what each decode left to the GC. The cost is the term's document frequency in the segment, which
        // postings with deleted documents included match; trimmed should they ever be fewer.
        var docs = new int[postings.GetCost()];
        var tfs = new float[docs.Length];
        var count = 0;
        for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc(), count++)
        {
            var freq = postings.Freq;
            docs[count] = doc;
            tfs[count] = freq < Tfs.Length ? Tfs[freq] : Similarity.Tf(freq);
        }
        if (count < docs.Length)
        {
            Array.Resize(ref docs, count);
            Array.Resize(ref tfs, count);
        }
        return new(docs, tfs);
    }

    // A segment's norms of a field, a byte a document, read once per segment core (a segment's norms never change):
    // Lucene's NumericDocValues gave each posting's norm through a virtual call and a packed-ints decode. 1 MB a field
    // at 1M articles.
    static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, byte[]?>> SegmentNorms = new();

    static byte[]? NormsOf(AtomicReader segment, string field) =>
        SegmentNorms.GetValue(segment.CoreCacheKey, _ => new()).GetOrAdd(field, static (field, segment) =>
        {
            if (segment.GetNormValues(field) is not { } norms) return null;
            var bytes = new byte[segment.MaxDoc];
            for (var doc = 0; doc < bytes.Length; doc++) bytes[doc] = (byte)norms.Get(doc);
            return bytes;
        }, segment);

    /// <summary>
    /// The documents of <paramref name="leaf"/> the filter accepts, null when it accepts them all (a site's articles on a
    /// one-site server); false when it accepts none.
    /// </summary>
    static bool TryAccepted(Filter filter, AtomicReaderContext leaf, out IBits? accepted)
    {
        accepted = null;
        var set = filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs);
        if (set is null) return false;
        if (set.Bits is { } bits)
        {
            // Counting is ~1,600 words at 100k articles, where checking bits that are all set cost a call per posting.
            accepted = bits is FixedBitSet all && all.Cardinality == leaf.AtomicReader.MaxDoc ? null : bits;
            return true;
        }
        if (set.GetIterator() is not { } iterator) return false;
        var some = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        some.Or(iterator);
        accepted = some;
        return true;
    }

    readonly record struct Hit(int Doc, float Score);

    /// <summary>
    /// The best <c>count</c> hits offered, as Lucene's hit queue keeps them: higher scores and, among equal scores, lower
    /// document numbers. A binary heap with the worst at its root, of each hit's score and document as one number
    /// (<see cref="KeyOf"/>) compared in line: .NET's <c>PriorityQueue</c> compared hits through an <c>IComparer</c> call at
    /// every step, and was about half of the search's own 13.4 % of a warm personalised request at 100k articles, where
    /// this queue's steps are 3.8 % (docs/BENCHMARKS.md, h-core6). A document is offered once, so the order is total and
    /// the hits kept, and their order, are the same whatever the heap's shape.
    /// </summary>
    internal sealed class TopHits(int count)
    {
        readonly long[] _heap = new long[count];
        int _size;

        /// <summary>
        /// Offers the hit; the worst score then kept when full, negative infinity while it is not. A hit no better than
        /// the worst kept when full is not kept.
        /// </summary>
        public float Offer(int doc, float score)
        {
            var key = KeyOf(doc, score);
            if (_size < _heap.Length) Up(_size++, key);
            else if (key > _heap[0]) Down(0, key);
            return _size == _heap.Length ? ScoreOf(_heap[0]) : float.NegativeInfinity;
        }

        /// <summary>The hits kept, best first; the heap is empty after.</summary>
        public ScoreDoc[] BestFirst()
        {
            var hits = new ScoreDoc[_size];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                var worst = _heap[0];
                hits[i] = new ScoreDoc(~(int)worst, ScoreOf(worst));
                if (--_size > 0) Down(0, _heap[_size]);
            }
            return hits;
        }

        /// <summary>
        /// A hit as a number that is larger for a better hit: the score's bits above, turned so that they order as the
        /// floats do (a negative float's bits count down), and the document's complement below, larger for a lower
        /// document. Exact for the scores the search makes, sums of products of positive weights, tfs and norms: a
        /// negative zero would order below zero, and NaN above all, where the floats' compare holds them equal and below.
        /// </summary>
        internal static long KeyOf(int doc, float score)
        {
            var bits = BitConverter.SingleToInt32Bits(score);
            return (long)(bits ^ ((bits >> 31) & int.MaxValue)) << 32 | (uint)~doc;
        }

        static float ScoreOf(long key)
        {
            var bits = (int)(key >> 32);
            return BitConverter.Int32BitsToSingle(bits ^ ((bits >> 31) & int.MaxValue));
        }

        // Up and Down never inlined, and with the heap in a local: inlined into the search's body, they read the heap's
        // array and size from the object, and the search's own locals from the stack, at every step.

        /// <summary>Puts the key at the free place <paramref name="i"/>, or above it where it is smaller than a parent's.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        void Up(int i, long key)
        {
            var heap = _heap;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (key > heap[parent]) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = key;
        }

        /// <summary>Puts the key at the free place <paramref name="i"/> of the heap's first <c>_size</c>, or below it where a child's is smaller.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        void Down(int i, long key)
        {
            var heap = _heap.AsSpan(0, _size);
            for (var child = 2 * i + 1; child < heap.Length; child = 2 * i + 1)
            {
                if (child + 1 < heap.Length && heap[child + 1] < heap[child]) child++;
                if (heap[child] > key) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = key;
        }
    }
}
