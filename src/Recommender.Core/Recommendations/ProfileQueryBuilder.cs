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

    /// <summary>The query, and each seed's terms, from which answers' reasons are told.</summary>
    public ProfileQuery Build(IndexReader reader, IReadOnlyList<Seed> seeds)
    {
        var merged = new Dictionary<Term, double>();
        var seedTerms = new List<IReadOnlyDictionary<Term, double>>(seeds.Count);
        foreach (var seed in seeds)
        {
            var terms = SeedTerms(reader, seed.Doc);
            seedTerms.Add(terms);
            foreach (var (term, score) in terms)
                merged[term] = merged.GetValueOrDefault(term) + score * seed.Weight;
        }

        var chosen = merged.OrderByDescending(t => t.Value).Take(options.MaxQueryTerms).ToList();
        var query = new BooleanQuery();
        if (chosen.Count == 0) return new ProfileQuery(query, seedTerms);

        var top = chosen[0].Value;
        foreach (var (term, score) in chosen)
            query.Add(new TermQuery(term) { Boost = (float)(score / top) }, Occur.SHOULD);
        return new ProfileQuery(query, seedTerms);
    }

    /// <summary>
    /// A seed's terms scored tf × idf and scaled so its best term scores 1, so that a long article does not
    /// outweigh a short one; plus its authors, section and tags at their configured weights.
    /// </summary>
    IReadOnlyDictionary<Term, double> SeedTerms(IndexReader reader, int doc)
    {
        var scored = new List<(Term Term, double Score)>();
        AddTextTerms(reader, doc, ArticleFields.Text, 1.0, scored);
        AddTextTerms(reader, doc, ArticleFields.Title, options.TitleWeight, scored);

        var terms = new Dictionary<Term, double>();
        var best = scored.Count == 0 ? 1 : scored.Max(t => t.Score);
        foreach (var (term, score) in scored.OrderByDescending(t => t.Score).Take(options.TermsPerSeed))
            terms[term] = score / best;

        var stored = reader.Document(doc, KeywordFields);
        AddKeywords(terms, stored.GetValues(ArticleFields.Authors), ArticleFields.AuthorKey, options.AuthorWeight);
        AddKeywords(terms, stored.GetValues(ArticleFields.Section), ArticleFields.SectionKey, options.SectionWeight);
        AddKeywords(terms, stored.GetValues(ArticleFields.Tags), ArticleFields.TagKey, options.TagWeight);
        return terms;
    }

    void AddTextTerms(IndexReader reader, int doc, string field, double fieldWeight, List<(Term, double)> scored)
    {
        var vector = reader.GetTermVector(doc, field);
        if (vector is null) return;

        var documents = reader.NumDocs;
        var maxDocFreq = Math.Max(options.MinDocFreq, (int)(documents * options.MaxDocFreqRatio));
        var termsEnum = vector.GetEnumerator();
        while (termsEnum.MoveNext())
        {
            var frequency = termsEnum.TotalTermFreq;
            if (frequency < options.MinTermFreq) continue;
            var term = new Term(field, BytesRef.DeepCopyOf(termsEnum.Term));
            var docFreq = reader.DocFreq(term);
            // A term no other article has cannot relate this one to anything.
            if (docFreq < options.MinDocFreq || docFreq > maxDocFreq) continue;
            var idf = 1 + Math.Log(documents / (docFreq + 1.0));
            scored.Add((term, fieldWeight * frequency * idf));
        }
    }

    static void AddKeywords(Dictionary<Term, double> terms, string[] values, string keyField, double weight)
    {
        if (weight <= 0) return;
        foreach (var value in values)
            terms[new Term(keyField, ArticleFields.KeyOf(value))] = weight;
    }
}

/// <summary>A profile's query, and the terms each seed gave it (in seed order).</summary>
public sealed record ProfileQuery(Query Query, IReadOnlyList<IReadOnlyDictionary<Term, double>> SeedTerms);

public sealed record ProfileQueryOptions
{
    /// <summary>Terms a seed contributes at most (its best by tf × idf).</summary>
    public int TermsPerSeed { get; init; } = 25;

    /// <summary>Clauses of the final query at most, across all seeds.</summary>
    public int MaxQueryTerms { get; init; } = 60;

    // Short texts (titles, abstracts) have few repeated words: a minimum term frequency of 1 keeps them
    // relatable, where MoreLikeThis's default of 2 leaves them with almost no terms.
    public int MinTermFreq { get; init; } = 1;
    public int MinDocFreq { get; init; } = 2;
    public double MaxDocFreqRatio { get; init; } = 0.5;

    public double TitleWeight { get; init; } = 2.0;
    public double AuthorWeight { get; init; } = 0.3;
    public double SectionWeight { get; init; } = 0.3;
    public double TagWeight { get; init; } = 0.5;
}
