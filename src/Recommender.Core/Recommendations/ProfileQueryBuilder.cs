using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Recommendations;

/// <summary>An indexed article that a recommendation starts from, with how much it should pull.</summary>
public sealed record Seed(int Doc, double Weight);

/// <summary>
/// Rewrites a set of weighted seed articles (one page, or a reader's recent reads) as ONE MoreLikeThis-style
/// query: each seed's most distinctive terms (tf × idf from its term vectors) and its authors, section
/// and tags, weighted by the seed's weight and merged. The work grows with the seeds, never with the catalogue.
/// </summary>
public sealed class ProfileQueryBuilder(ProfileQueryOptions options)
{
    // A seed's terms, per segment document: a segment's documents never change, so they stay right until the
    // catalogue's size drifts (see ProfileQueryOptions.SeedTermsKeptWithin), and they survive the refresh after every
    // write, which brings a new index reader. Computing them (term vectors, document frequencies) is most of a cold
    // request's cost.
    readonly ConditionalWeakTable<object, StartOverArray<SeedTerms>> _seeds = new();

    // What depends on one index reader exactly: document frequencies, for computing seeds' terms, and terms' states
    // in each segment, so that the search does not look them up again. Both grow with the vocabulary of the articles
    // that were seeds, which on a catalogue that nobody writes to for hours is most of its vocabulary (millions of
    // terms at 1M articles): each is bounded by ProfileQueryOptions.CachedTermsPerReader.
    readonly ConditionalWeakTable<IndexReader, ReaderCache> _readers = new();

    // A term's state in one segment (null where the segment lacks it), kept while the segment lives, from which a new
    // reader's states are assembled without looking the term up again in segments it shares with the last one.
    readonly ConditionalWeakTable<object, StartOverCache<HashedTerm, SegmentTerm?>> _segmentTerms = new();

    sealed record SegmentTerm(TermState State, int DocFreq, long TotalTermFreq);

    // A keyword's term by its ordinal in a segment's uninverted field (per segment core, then per field), so that a seed's
    // authors, section and tags are not looked up by ordinal in the terms dictionary again.
    readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Term?[]>> _keywordTerms = new();

    sealed class ReaderCache(int bound)
    {
        // Body and title terms by their bytes, so that each term of a seed's vectors is looked up as the enumerator holds
        // it, without a Term made for it first. A term is made once, so a seed that scores a known term reuses it.
        public readonly FieldDocFreqs TextDocFreqs = new(ArticleFields.Text, bound);
        public readonly FieldDocFreqs TitleDocFreqs = new(ArticleFields.Title, bound);
        public readonly StartOverCache<Term, (Term Kept, int DocFreq)> KeywordDocFreqs = new(bound);
        public readonly StartOverCache<HashedTerm, TermContext> States = new(bound);

        public FieldDocFreqs DocFreqsOf(string field) =>
            field == ArticleFields.Title ? TitleDocFreqs : TextDocFreqs;
    }

    /// <summary>A seed's terms with their document frequencies and weights, and the catalogue's size they were computed at.</summary>
    sealed record SeedTerms(SeedTermList Terms, int Documents);

    /// <summary>The query, and each seed's terms, from which answers' reasons are told.</summary>
    public ProfileQuery Build(IndexReader reader, IReadOnlyList<Seed> seeds)
    {
        var cache = _readers.GetOrAdd(reader, static (_, bound) => new ReaderCache(bound), options.CachedTermsPerReader);
        var sections = new Dictionary<Term, double>();
        var seedTerms = new List<SeedTermList>(seeds.Count);
        foreach (var seed in seeds) seedTerms.Add(SeedTermsOf(reader, cache, seed.Doc).Terms);
        // The thread's, sized for every seed's terms at once, and each term found once (a reference to its entry): growing
        // it and looking each term up twice were 5 % of a cold reader's allocation at 100k articles (docs/BENCHMARKS.md).
        var merged = t_merged ??= [];
        merged.Clear();
        merged.EnsureCapacity(seedTerms.Sum(terms => terms.Count));
        for (var i = 0; i < seeds.Count; i++)
        {
            foreach (var seedTerm in seedTerms[i].Terms)
            {
                var (term, docFreq, weight) = seedTerm;
                if (seedTerm.IsSection)
                {
                    sections[term.Term] = sections.GetValueOrDefault(term.Term) + weight * seeds[i].Weight;
                    continue;
                }
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, term, out _);
                entry = (entry.Weight + weight * seeds[i].Weight, docFreq);
            }
        }

        var chosen = ChooseWithinBudget(merged);
        var clauses = new List<QueryTerm>(chosen.Count);
        var top = chosen.Count == 0 ? 1 : chosen[0].Score;
        foreach (var (term, score) in chosen)
        {
            var states = cache.States.GetOrAdd(term, static (t, lookup) => lookup.Builder.StatesIn(lookup.Reader, t), (Builder: this, Reader: reader));
            clauses.Add(new QueryTerm(term.Term, states, (float)(score / top)));
        }
        var seedWeight = seeds.Sum(s => s.Weight);
        var sectionShares = sections.ToDictionary(s => s.Key, s => seedWeight > 0 ? s.Value / seedWeight : 0);
        return new ProfileQuery(clauses, seedTerms, sectionShares, options.SectionWeight);
    }

    /// <summary>As <see cref="TermContext.Build"/>, from the states kept per segment.</summary>
    TermContext StatesIn(IndexReader reader, HashedTerm term)
    {
        var states = new TermContext(reader.Context);
        foreach (var leaf in reader.Leaves)
        {
            var kept = _segmentTerms.GetValue(leaf.AtomicReader.CoreCacheKey, _ => new StartOverCache<HashedTerm, SegmentTerm?>(options.CachedTermsPerSegment));
            if (kept.GetOrAdd(term, static (t, segment) => Seek(segment, t.Term), leaf.AtomicReader) is { } found)
                states.Register(found.State, leaf.Ord, found.DocFreq, found.TotalTermFreq);
        }
        return states;
    }

    static SegmentTerm? Seek(AtomicReader segment, Term term)
    {
        if (ReusedTerms.Seek(segment, term.Field, term.Bytes) is not { } terms) return null;
        return new SegmentTerm(terms.GetTermState(), terms.DocFreq, terms.TotalTermFreq);
    }

    /// <summary>
    /// The best terms by weight whose postings together stay within <see cref="ProfileQueryOptions.MaxQueryPostings"/>:
    /// the search walks every posting of every clause (Lucene.Net 4.8 cannot skip non-competitive ones), so this
    /// bounds its cost whatever the catalogue's size. A small catalogue keeps its best terms; a large one passes
    /// over the common ones for rarer, more telling terms.
    /// </summary>
    List<(HashedTerm Term, double Score)> ChooseWithinBudget(Dictionary<HashedTerm, (double Weight, int DocFreq)> merged)
    {
        var count = merged.Count;
        if (t_ranked is null || t_ranked.Length < count) (t_ranked, t_weights, t_order) = (new RankedTerm[count], new double[count], new int[count]);
        var ranked = t_ranked.AsSpan(0, count);
        var weights = t_weights.AsSpan(0, count);
        var order = t_order.AsSpan(0, count);
        var i = 0;
        foreach (var (term, (weight, docFreq)) in merged)
        {
            ranked[i] = new RankedTerm(term, docFreq);
            (weights[i], order[i]) = (weight, i++);
        }
        // Best first and, of equal weights, in the merge's order, as a stable sort of the dictionary would give them: the
        // weights sorted as plain doubles, carrying each term's place, then runs of equal weights put back in the merge's
        // order. Sorting the terms themselves (40 bytes each) through a comparison was 3.7 % of a warm personalised
        // request at 100k articles (docs/BENCHMARKS.md, "The warm personalised request, third pass").
        weights.Sort(order);
        weights.Reverse();
        order.Reverse();
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && weights[end] == weights[start]) end++;
            if (end - start > 1) order[start..end].Sort();
            start = end;
        }
        var chosen = new List<(HashedTerm, double)>(options.MaxQueryTerms);
        var postings = 0L;
        for (i = 0; i < count; i++)
        {
            var (term, docFreq) = ranked[order[i]];
            if (chosen.Count == options.MaxQueryTerms || options.MaxQueryPostings - postings < options.MinDocFreq) break;
            if (postings + docFreq > options.MaxQueryPostings) continue;
            postings += docFreq;
            chosen.Add((term, weights[i]));
        }
        return chosen;
    }

    // A thread's merged terms and their order, kept from one query to the next: a reader's 20 seeds merge ~800 terms,
    // and a new dictionary for them with LINQ's sorted copy of it were about 70 KB of the 411 KB a warm personalised
    // request allocated at 100k articles (docs/BENCHMARKS.md, "The warm request").
    [ThreadStatic] static Dictionary<HashedTerm, (double Weight, int DocFreq)>? t_merged;
    [ThreadStatic] static RankedTerm[]? t_ranked;
    [ThreadStatic] static double[]? t_weights;
    [ThreadStatic] static int[]? t_order;

    readonly record struct RankedTerm(HashedTerm Term, int DocFreq);

    /// <summary>The seed's terms as kept for its segment document, computed afresh when none are kept or the catalogue has drifted since.</summary>
    SeedTerms SeedTermsOf(IndexReader reader, ReaderCache cache, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var kept = _seeds.GetOrAdd(leaf.AtomicReader.CoreCacheKey, static (_, size) => new StartOverArray<SeedTerms>(size.Documents, size.Kept),
            (Documents: leaf.AtomicReader.MaxDoc, Kept: options.CachedSeedsPerSegment));
        return kept.GetOrAdd(doc - leaf.DocBase, static (_, seed) => seed.Builder.ComputeSeedTerms(seed.Reader, seed.Cache, seed.Doc),
            (Builder: this, Reader: reader, Cache: cache, Doc: doc),
            static (terms, seed) => seed.Builder.StillRight(terms, seed.Reader));
    }

    bool StillRight(SeedTerms terms, IndexReader reader) =>
        Math.Abs(reader.NumDocs - terms.Documents) <= options.SeedTermsKeptWithin * terms.Documents;

    /// <summary>
    /// A seed's terms scored tf × idf and scaled so its best term scores 1, so that a long article does not
    /// outweigh a short one; plus its authors, section and tags at their configured weights.
    /// </summary>
    SeedTerms ComputeSeedTerms(IndexReader reader, ReaderCache cache, int doc)
    {
        var articleTerms = ArticleTerms.Of(reader, doc);
        // The best TermsPerSeed terms so far, worst first: only they are kept. Keeping every scored term (a few hundred
        // a seed) in a growing list and sorting it was ~10 % of a cold reader's samples at 100k articles, and 190 KB of
        // its 1,360 KB of allocation (docs/BENCHMARKS.md, "The cold reader, second pass").
        // The thread's queue and array, emptied: a new queue and array a cold seed were ~3 KB of the garbage of a digest's
        // first run, ~60,000 cold seeds at 5,000 readers and 100k articles (docs/BENCHMARKS.md, "The digest's first run,
        // seventh pass").
        var best = t_best ??= new PriorityQueue<ScoredTerm, ScoredTerm>(options.TermsPerSeed + 1, WorstFirst.Instance);
        best.Clear();
        AddTextTerms(reader, cache, articleTerms.Body, ArticleFields.Text, 1.0, best);
        if (options.TitleWeight > 0) AddTextTerms(reader, cache, articleTerms.Title, ArticleFields.Title, options.TitleWeight, best);

        var count = best.Count;
        var scored = t_scored is { } kept && kept.Length >= count ? kept : t_scored = new ScoredTerm[count];
        for (var i = count - 1; i >= 0; i--) scored[i] = best.Dequeue();
        // The keywords' authors, section and tags come on top of the text's terms. Gathered in the thread's list, then
        // kept as an array of just their number.
        var terms = t_seedTerms ??= [];
        terms.Clear();
        var top = count == 0 ? 1 : scored[0].Score;
        foreach (var (term, docFreq, score) in scored.AsSpan(0, count)) Set(terms, new SeedTerm(new HashedTerm(term), docFreq, score / top));

        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var local = doc - leaf.DocBase;
        AddKeywords(reader, cache, terms, leaf.AtomicReader, local, ArticleFields.AuthorKey, options.AuthorWeight);
        // Counted as a share of the seeds' weight: see ProfileQuery.SectionFactors.
        AddKeywords(reader, cache, terms, leaf.AtomicReader, local, ArticleFields.SectionKey, options.SectionWeight > 0 ? 1 : 0);
        AddKeywords(reader, cache, terms, leaf.AtomicReader, local, ArticleFields.TagKey, options.TagWeight);
        return new SeedTerms(new SeedTermList([.. terms]), reader.NumDocs);
    }

    [ThreadStatic] static List<SeedTerm>? t_seedTerms;
    [ThreadStatic] static PriorityQueue<ScoredTerm, ScoredTerm>? t_best;
    [ThreadStatic] static ScoredTerm[]? t_scored;

    /// <summary>Adds the term, or replaces its entry where the seed has it already, as a dictionary's indexer would.</summary>
    static void Set(List<SeedTerm> terms, SeedTerm term)
    {
        // A loop rather than FindIndex, whose lambda would capture the term: an object a term, ~45 a cold seed.
        for (var i = 0; i < terms.Count; i++)
        {
            if (!terms[i].Term.Equals(term.Term)) continue;
            terms[i] = term;
            return;
        }
        terms.Add(term);
    }

    /// <summary>
    /// Scores the field's terms, most frequent first, until not even the rarest usable term could score among the
    /// <paramref name="best"/>: looking up each distinct term's document frequency was half of a cold seed's cost at 100k
    /// articles (docs/BENCHMARKS.md), and most of an article's terms occur once. The terms chosen are the same as when
    /// every term is scored: a term skipped scores below all of the best it would have to displace.
    /// </summary>
    void AddTextTerms(IndexReader reader, ReaderCache cache, FieldTerms fieldTerms, string field, double fieldWeight,
        PriorityQueue<ScoredTerm, ScoredTerm> best)
    {
        var documents = reader.NumDocs;
        var maxDocFreq = Math.Max(options.MinDocFreq, (int)(documents * options.MaxDocFreqRatio));
        // The idf of the rarest term a seed may use: no term's score exceeds its frequency times this.
        var maxIdf = 1 + Math.Log(documents / (options.MinDocFreq + 1.0));
        var docFreqs = cache.DocFreqsOf(field);
        foreach (var (bytes, frequency) in fieldTerms)
        {
            if (frequency < options.MinTermFreq) break;
            // Strictly below: a term that ties the lowest of the best may still displace it by its bytes.
            if (best.Count == options.TermsPerSeed && best.TryPeek(out var lowest, out _) && fieldWeight * frequency * maxIdf < lowest.Score) break;
            var (term, docFreq) = docFreqs.Of(reader, bytes);
            // A term no other article has cannot relate this one to anything.
            if (docFreq < options.MinDocFreq || docFreq > maxDocFreq) continue;
            var idf = 1 + Math.Log(documents / (docFreq + 1.0));
            var scored = new ScoredTerm(term, docFreq, fieldWeight * frequency * idf);
            if (best.Count < options.TermsPerSeed) best.Enqueue(scored, scored);
            else best.EnqueueDequeue(scored, scored);
        }
    }

    readonly record struct ScoredTerm(Term Term, int DocFreq, double Score);

    /// <summary>
    /// The worse of two scored terms first: the lower score, and of equal scores the later term (by field, body before
    /// title, then by bytes, the term vectors' order), so the best kept are the first of all the terms sorted best first.
    /// </summary>
    sealed class WorstFirst : IComparer<ScoredTerm>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(ScoredTerm a, ScoredTerm b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Term.CompareTo(a.Term);
    }

    /// <summary>
    /// The document's keys of <paramref name="keyField"/> (authors, section or tags, as indexed), from the segment's
    /// uninverted field (Lucene's field cache, built once per segment) rather than the stored values: a stored-field
    /// read unpacks the document's whole compressed block, body included, and was a seventh of a cold request at 100k
    /// articles (docs/BENCHMARKS.md, "A reader's first request").
    /// </summary>
    void AddKeywords(IndexReader reader, ReaderCache cache, List<SeedTerm> terms,
        AtomicReader segment, int local, string keyField, double weight)
    {
        if (weight <= 0 || ReusedTerms.Keys(segment, keyField) is not { } keys) return;
        // A segment's ordinals never change: the array has room for each of its field's keys.
        var byOrd = _keywordTerms.GetValue(segment.CoreCacheKey, _ => new ConcurrentDictionary<string, Term?[]>())
            .GetOrAdd(keyField, static (_, count) => new Term?[count], keys.ValueCount);
        keys.SetDocument(local);
        for (var ord = keys.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = keys.NextOrd())
        {
            // Two threads may both make the term: either copy serves.
            var term = byOrd[ord] ??= KeywordTerm(keys, keyField, ord);
            Set(terms, new SeedTerm(new HashedTerm(term), cache.KeywordDocFreqs.GetOrAdd(term, static (t, r) => (t, ReusedTerms.DocFreq(r, t.Field, t.Bytes)), reader).DocFreq, weight));
        }
    }

    /// <summary>The term of a key's ordinal, with its own copy of the bytes (a lookup leaves them in the enumerator's buffer).</summary>
    static Term KeywordTerm(SortedSetDocValues keys, string keyField, long ord)
    {
        var key = new BytesRef();
        keys.LookupOrd(ord, key);
        return new Term(keyField, BytesRef.DeepCopyOf(key));
    }
}

/// <summary>A term with its hash computed once: seeds' terms are merged on every request, and a Term hashes its bytes every time.</summary>
public readonly struct HashedTerm(Term term) : IEquatable<HashedTerm>
{
    readonly int _hash = term.GetHashCode();

    public Term Term { get; } = term;

    public bool Equals(HashedTerm other) => _hash == other._hash && Term.Equals(other.Term);

    public override bool Equals(object? obj) => obj is HashedTerm other && Equals(other);

    public override int GetHashCode() => _hash;
}

/// <summary>A clause of a profile's query: its term, where the term is in each segment, and its boost.</summary>
public sealed record QueryTerm(Term Term, TermContext States, float Boost);

/// <summary>
/// A profile's query, as term clauses (a disjunction, searched by <see cref="TermAtATimeSearch"/>); the terms each
/// seed gave it (in seed order) with their document frequencies and weights, from which reasons are told; and the share of the seeds' weight in each section
/// (section key term → share).
/// </summary>
public sealed record ProfileQuery(
    IReadOnlyList<QueryTerm> Clauses,
    IReadOnlyList<SeedTermList> SeedTerms,
    IReadOnlyDictionary<Term, double> SectionShares,
    double SectionWeight)
{
    /// <summary>
    /// What each of <paramref name="docs"/>' relevance is multiplied by for being in the seeds' sections:
    /// 1 + section weight × the share of the seeds' weight in its section. A section matches a large part of a
    /// catalogue, so as a query clause it would make the search walk most of it; here it only re-ranks candidates,
    /// from each segment's uninverted sections (Lucene's field cache, built once per segment).
    /// </summary>
    public double[] SectionFactors(IndexReader reader, IReadOnlyList<int> docs)
    {
        var factors = Enumerable.Repeat(1.0, docs.Count).ToArray();
        if (SectionShares.Count == 0) return factors;
        var leaves = reader.Leaves;
        var shares = SectionShares.ToArray();
        // Each segment's sections are asked for once, with the ordinal there of each of the seeds' sections, and a
        // candidate's section compared by ordinal: the field cache takes one lock that every thread shares, and asking it,
        // then making a term of each candidate's section, for every candidate (100 or more a request) was 2.5 % of a
        // digest's first run at 100k articles (docs/BENCHMARKS.md, "The cold reader, fourth pass").
        var inSegment = new (SortedDocValues Sections, int[] Ords)?[leaves.Count];
        for (var i = 0; i < docs.Count; i++)
        {
            var leaf = leaves[ReaderUtil.SubIndex(docs[i], leaves)];
            var (sections, ords) = inSegment[leaf.Ord] ??= SectionsOf(leaf.AtomicReader, shares);
            var ord = sections.GetOrd(docs[i] - leaf.DocBase);
            if (ord < 0) continue;
            var share = Array.IndexOf(ords, ord);
            if (share >= 0) factors[i] += SectionWeight * shares[share].Value;
        }
        return factors;
    }

    /// <summary>The segment's uninverted sections, and where each section of <paramref name="shares"/> is among them (negative where the segment has none).</summary>
    static (SortedDocValues Sections, int[] Ords) SectionsOf(AtomicReader segment, KeyValuePair<Term, double>[] shares)
    {
        var sections = FieldCache.DEFAULT.GetTermsIndex(segment, ArticleFields.SectionKey);
        return (sections, [.. shares.Select(share => sections.LookupTerm(share.Key.Bytes))]);
    }
}

public sealed record ProfileQueryOptions
{
    /// <summary>Terms a seed contributes at most (its best by tf × idf).</summary>
    /// <remarks>
    /// 40 rather than MoreLikeThis's 25: a title and abstract often have more than 25 usable terms, and cutting
    /// them lost relatedness (MIND news.tsv, same subcategory in the top 10 at title weight 0.5: 23.0 % at 25
    /// terms, 24.0 % at 40, TF-IDF cosine 23.8 %; recommender eval related, docs/EVALUATION.md).
    /// </remarks>
    public int TermsPerSeed { get; init; } = 40;

    /// <summary>Clauses of the final query at most, across all seeds.</summary>
    public int MaxQueryTerms { get; init; } = 60;

    /// <summary>
    /// The clauses' document frequencies together at most: the postings a search may walk, which bounds its
    /// cost whatever the size of the catalogue.
    /// </summary>
    public int MaxQueryPostings { get; init; } = 20_000;

    // Short texts (titles, abstracts) have few repeated words: a minimum term frequency of 1 keeps them
    // relatable, where MoreLikeThis's default of 2 leaves them with almost no terms.
    public int MinTermFreq { get; init; } = 1;
    public int MinDocFreq { get; init; } = 2;
    public double MaxDocFreqRatio { get; init; } = 0.5;

    /// <summary>
    /// A seed's title terms asked for in candidates' titles too, at this weight against the body field, which holds
    /// the title as well (see ArticleDocuments). Small, because Lucene's length norm of a short title already scores a
    /// title match high (MIND news.tsv, subcategory in the top 10: 0.262 at 0, 0.266 at 0.1, 0.265 at 0.25, 0.261 at
    /// 0.5; BBC 0.907 at all four; recommender eval related, docs/EVALUATION.md "Lexical scoring").
    /// </summary>
    public double TitleWeight { get; init; } = 0.1;
    public double AuthorWeight { get; init; } = 0.3;
    /// <summary>
    /// Re-ranks candidates rather than adding a clause: see <see cref="ProfileQuery.SectionFactors"/>. At 2, with the
    /// title weight at 0.5, a sample-catalogue reader of three science articles got a sport article that shared only
    /// the word "final" above the remaining science articles (ReaderTests); 5 keeps the reader's sections first.
    /// </summary>
    public double SectionWeight { get; init; } = 5.0;
    public double TagWeight { get; init; } = 0.5;

    /// <summary>Terms whose states are kept per segment at most.</summary>
    public int CachedTermsPerSegment { get; init; } = 200_000;

    /// <summary>
    /// Document frequencies (of body, title and keyword terms, kept apart), and terms' states, kept per index reader at
    /// most (each): about 100 bytes a document frequency and 200 a state with one segment, so 100 MB at most (the title
    /// and keyword tables hold far fewer terms than the body's); a reader lives until the next write.
    /// </summary>
    public int CachedTermsPerReader { get; init; } = 200_000;

    /// <summary>Seeds whose terms are kept per segment at most; about 3 KB a seed.</summary>
    public int CachedSeedsPerSegment { get; init; } = 100_000;

    /// <summary>
    /// A seed's terms are kept until the catalogue's size has changed by more than this share since they were
    /// computed: their idf then moves by less than ln(1.05) ≈ 0.05, and a site that publishes all day does not
    /// compute every reader's seeds again after each article.
    /// </summary>
    public double SeedTermsKeptWithin { get; init; } = 0.05;
}
