using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    static readonly HashSet<string> KeywordFields = [ArticleFields.Authors, ArticleFields.Section, ArticleFields.Tags];

    // What Build learns of one index reader: seeds' terms, and each term's document frequency and, once a query
    // used it, its states in each segment (so that the search does not look them up again). All depend on the
    // whole index, so they are kept per reader: a reader never changes, and the refresh after a write brings a
    // new reader and so empty caches.
    readonly ConditionalWeakTable<IndexReader, ReaderCache> _caches = new();

    sealed class ReaderCache(int maxSeeds)
    {
        public readonly StartOverCache<int, SeedTerms> Seeds = new(maxSeeds);
        // One instance per term, so that merging seeds' terms compares references instead of hashing terms' bytes.
        // Bounded by the vocabulary of the articles that were seeds.
        public readonly ConcurrentDictionary<Term, ReaderTerm> Terms = new();

        public ReaderTerm Term(Term term, Func<Term, int> docFreq) => Terms.GetOrAdd(term, t => new ReaderTerm(t, docFreq(t)));
    }

    /// <summary>A term of one index reader, with its document frequency and, once a query used it, where it is in each segment.</summary>
    sealed class ReaderTerm(Term term, int docFreq)
    {
        public Term Term { get; } = term;
        public int DocFreq { get; } = docFreq;
        public TermContext? States;
    }

    /// <summary>A seed's terms and their weights: as a list to merge, and by term to tell reasons.</summary>
    sealed record SeedTerms(IReadOnlyList<(ReaderTerm Term, double Weight)> Scored, IReadOnlyDictionary<Term, double> ByTerm);

    /// <summary>The query, and each seed's terms, from which answers' reasons are told.</summary>
    public ProfileQuery Build(IndexReader reader, IReadOnlyList<Seed> seeds)
    {
        var cache = _caches.GetValue(reader, _ => new ReaderCache(options.CachedSeedsPerIndexReader));
        var merged = new Dictionary<ReaderTerm, double>();
        var sections = new Dictionary<Term, double>();
        var seedTerms = new List<IReadOnlyDictionary<Term, double>>(seeds.Count);
        foreach (var seed in seeds)
        {
            var terms = cache.Seeds.GetOrAdd(seed.Doc, (doc, builder) => builder.SeedTermsOf(reader, cache, doc), this);
            seedTerms.Add(terms.ByTerm);
            foreach (var (term, weight) in terms.Scored)
            {
                if (term.Term.Field == ArticleFields.SectionKey) sections[term.Term] = sections.GetValueOrDefault(term.Term) + weight * seed.Weight;
                else merged[term] = merged.GetValueOrDefault(term) + weight * seed.Weight;
            }
        }

        var chosen = ChooseWithinBudget(merged);
        var clauses = new List<QueryTerm>(chosen.Count);
        var top = chosen.Count == 0 ? 1 : chosen[0].Score;
        foreach (var (term, score) in chosen)
        {
            // Two requests may build the same states at once; either result is right.
            var states = term.States ??= TermContext.Build(reader.Context, term.Term);
            clauses.Add(new QueryTerm(term.Term, states, (float)(score / top)));
        }
        var seedWeight = seeds.Sum(s => s.Weight);
        var sectionShares = sections.ToDictionary(s => s.Key, s => seedWeight > 0 ? s.Value / seedWeight : 0);
        return new ProfileQuery(clauses, seedTerms, sectionShares, options.SectionWeight);
    }

    /// <summary>
    /// The best terms by weight whose postings together stay within <see cref="ProfileQueryOptions.MaxQueryPostings"/>:
    /// the search walks every posting of every clause (Lucene.Net 4.8 cannot skip non-competitive ones), so this
    /// bounds its cost whatever the catalogue's size. A small catalogue keeps its best terms; a large one passes
    /// over the common ones for rarer, more telling terms.
    /// </summary>
    List<(ReaderTerm Term, double Score)> ChooseWithinBudget(Dictionary<ReaderTerm, double> merged)
    {
        var chosen = new List<(ReaderTerm, double)>();
        var postings = 0L;
        foreach (var (term, score) in merged.OrderByDescending(t => t.Value))
        {
            if (chosen.Count == options.MaxQueryTerms || options.MaxQueryPostings - postings < options.MinDocFreq) break;
            if (postings + term.DocFreq > options.MaxQueryPostings) continue;
            postings += term.DocFreq;
            chosen.Add((term, score));
        }
        return chosen;
    }

    /// <summary>
    /// A seed's terms scored tf × idf and scaled so its best term scores 1, so that a long article does not
    /// outweigh a short one; plus its authors, section and tags at their configured weights.
    /// </summary>
    SeedTerms SeedTermsOf(IndexReader reader, ReaderCache cache, int doc)
    {
        var scored = new List<(ReaderTerm Term, double Score)>();
        AddTextTerms(reader, cache, doc, ArticleFields.Text, 1.0, scored);
        AddTextTerms(reader, cache, doc, ArticleFields.Title, options.TitleWeight, scored);

        var terms = new Dictionary<ReaderTerm, double>();
        var best = scored.Count == 0 ? 1 : scored.Max(t => t.Score);
        foreach (var (term, score) in scored.OrderByDescending(t => t.Score).Take(options.TermsPerSeed))
            terms[term] = score / best;

        var stored = reader.Document(doc, KeywordFields);
        AddKeywords(reader, cache, terms, stored.GetValues(ArticleFields.Authors), ArticleFields.AuthorKey, options.AuthorWeight);
        // Counted as a share of the seeds' weight: see ProfileQuery.SectionFactors.
        AddKeywords(reader, cache, terms, stored.GetValues(ArticleFields.Section), ArticleFields.SectionKey, options.SectionWeight > 0 ? 1 : 0);
        AddKeywords(reader, cache, terms, stored.GetValues(ArticleFields.Tags), ArticleFields.TagKey, options.TagWeight);
        return new SeedTerms([.. terms.Select(t => (t.Key, t.Value))], terms.ToDictionary(t => t.Key.Term, t => t.Value));
    }

    void AddTextTerms(IndexReader reader, ReaderCache cache, int doc, string field, double fieldWeight, List<(ReaderTerm, double)> scored)
    {
        var vector = reader.GetTermVector(doc, field);
        if (vector is null) return;

        var documents = reader.NumDocs;
        var maxDocFreq = Math.Max(options.MinDocFreq, (int)(documents * options.MaxDocFreqRatio));
        List<TermsEnum>? segmentTerms = null;
        var termsEnum = vector.GetEnumerator();
        while (termsEnum.MoveNext())
        {
            var frequency = termsEnum.TotalTermFreq;
            if (frequency < options.MinTermFreq) continue;
            // The enumerator reuses its bytes: only a term that is kept is copied out.
            if (!cache.Terms.TryGetValue(new Term(field, termsEnum.Term), out var term))
            {
                // One terms enumerator per segment for all the document's terms: IndexReader.DocFreq opens new ones per call.
                segmentTerms ??= reader.Leaves.Select(leaf => leaf.AtomicReader.GetTerms(field)?.GetEnumerator()).OfType<TermsEnum>().ToList();
                var docFreq = DocFreq(segmentTerms, termsEnum.Term);
                term = cache.Term(new Term(field, BytesRef.DeepCopyOf(termsEnum.Term)), _ => docFreq);
            }
            // A term no other article has cannot relate this one to anything.
            if (term.DocFreq < options.MinDocFreq || term.DocFreq > maxDocFreq) continue;
            var idf = 1 + Math.Log(documents / (term.DocFreq + 1.0));
            scored.Add((term, fieldWeight * frequency * idf));
        }
    }

    /// <summary>As <see cref="IndexReader.DocFreq"/>: deleted documents count until their segment is merged.</summary>
    static int DocFreq(List<TermsEnum> segmentTerms, BytesRef term)
    {
        var docFreq = 0;
        foreach (var terms in segmentTerms)
        {
            if (terms.SeekExact(term)) docFreq += terms.DocFreq;
        }
        return docFreq;
    }

    static void AddKeywords(IndexReader reader, ReaderCache cache, Dictionary<ReaderTerm, double> terms, string[] values, string keyField, double weight)
    {
        if (weight <= 0) return;
        foreach (var value in values) terms[cache.Term(new Term(keyField, ArticleFields.KeyOf(value)), reader.DocFreq)] = weight;
    }
}

/// <summary>A clause of a profile's query: its term, where the term is in each segment, and its boost.</summary>
public sealed record QueryTerm(Term Term, TermContext States, float Boost);

/// <summary>
/// A profile's query, as term clauses (a disjunction, searched by <see cref="TermAtATimeSearch"/>); the terms each
/// seed gave it (in seed order), from which reasons are told; and the share of the seeds' weight in each section
/// (section key term → share).
/// </summary>
public sealed record ProfileQuery(
    IReadOnlyList<QueryTerm> Clauses,
    IReadOnlyList<IReadOnlyDictionary<Term, double>> SeedTerms,
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
        for (var i = 0; i < docs.Count; i++)
        {
            var leaf = leaves[ReaderUtil.SubIndex(docs[i], leaves)];
            var sections = FieldCache.DEFAULT.GetTermsIndex(leaf.AtomicReader, ArticleFields.SectionKey);
            var ord = sections.GetOrd(docs[i] - leaf.DocBase);
            if (ord < 0) continue;
            var section = new BytesRef();
            sections.LookupOrd(ord, section);
            factors[i] += SectionWeight * SectionShares.GetValueOrDefault(new Term(ArticleFields.SectionKey, section));
        }
        return factors;
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
    /// A title term's weight against a body term's. Below 1 because a title term also matches in candidates'
    /// titles, where Lucene's length norm of a short field already scores it high: at 2 the title outweighed
    /// the body of long articles (BBC, same section in the top 10: 84.4 % at title weight 2 and 25 terms,
    /// 90.6 % at 0.5 and 40 terms, TF-IDF cosine 88.2 %; docs/EVALUATION.md).
    /// </summary>
    public double TitleWeight { get; init; } = 0.5;
    public double AuthorWeight { get; init; } = 0.3;
    /// <summary>
    /// Re-ranks candidates rather than adding a clause: see <see cref="ProfileQuery.SectionFactors"/>. At 2, with the
    /// title weight at 0.5, a sample-catalogue reader of three science articles got a sport article that shared only
    /// the word "final" above the remaining science articles (ReaderTests); 5 keeps the reader's sections first.
    /// </summary>
    public double SectionWeight { get; init; } = 5.0;
    public double TagWeight { get; init; } = 0.5;

    /// <summary>Seeds whose terms are kept for reuse until the index changes; about 3 KB a seed.</summary>
    public int CachedSeedsPerIndexReader { get; init; } = 100_000;
}
