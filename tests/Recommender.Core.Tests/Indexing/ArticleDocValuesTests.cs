using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Tests;

namespace Recommender.Core.Tests.Indexing;

/// <summary>
/// The listed fields and the terms kept in doc values at indexing time read as the stored fields and term vectors do,
/// and documents written before them (without them) still read through the old path, even merged into one segment with
/// newer ones.
/// </summary>
public sealed class ArticleDocValuesTests : IDisposable
{
    const string Site = "news.example";
    // Made-up words the analyzer keeps as they are, so that some are rare and some common.
    static readonly string[] Words = [.. Enumerable.Range(0, 300).Select(i => $"w{i}x")];

    readonly RAMDirectory _current = new();
    readonly RAMDirectory _before = new();

    public void Dispose()
    {
        _current.Dispose();
        _before.Dispose();
    }

    static List<Article> Catalogue()
    {
        var random = new Random(7);
        // Words picked with a skewed distribution, so that articles repeat some words and share others unevenly.
        string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[(int)(Words.Length * Math.Pow(random.NextDouble(), 3))]));
        return Enumerable.Range(0, 80).Select(i => new Article
        {
            Site = Site,
            Url = $"https://{Site}/{i}",
            Title = Text(5),
            Text = Text(20 + i * 3),
            Description = i % 3 == 0 ? null : $"About {i}.",
            Section = i % 2 == 0 ? "News" : "Business",
            Authors = i % 4 == 0 ? [] : ["Ann Smith", " ", "Bo Li"],
            Tags = [$"tag{i % 5}"],
            PubDate = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 37.5),
            Modified = i % 2 == 0 ? null : new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i * 1.5),
            ImageUrl = i % 5 == 0 ? null : $"https://{Site}/{i}.jpg",
            Language = i % 3 == 0 ? null : "en",
            Story = $"https://{Site}/{i / 2 * 2}",
        }).ToList();
    }

    /// <summary>
    /// The articles (the synthetic catalogue unless given) written into <paramref name="directory"/>, those for whose
    /// position <paramref name="before"/> holds as written before the doc values, merged into one segment.
    /// </summary>
    static DirectoryReader Write(Lucene.Net.Store.Directory directory, Func<int, bool> before, IReadOnlyList<Article>? given = null)
    {
        var analyzer = ArticleAnalyzers.For(null);
        // Merging only neighbouring segments keeps the documents in the order written, so that two indexes' numbers agree.
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ArticleAnalyzers.Version, analyzer) { MergePolicy = new LogDocMergePolicy() }))
        {
            var articles = given ?? Catalogue();
            for (var i = 0; i < articles.Count; i++)
            {
                var doc = ArticleDocuments.ToDocument(articles[i], analyzer);
                writer.AddDocument(before(i) ? AsBefore(doc, articles[i]) : doc);
                // Segments of both kinds, which the merge below joins.
                if (i % 10 == 9) writer.Commit();
            }
            writer.ForceMerge(1);
        }
        return DirectoryReader.Open(directory);
    }

    /// <summary>The document as written before the doc values: without them, title and body with term vectors.</summary>
    static Document AsBefore(Document doc, Article article)
    {
        foreach (var field in new[] { ArticleFields.Listed, ArticleFields.Terms, ArticleFields.Title, ArticleFields.Text }) doc.RemoveFields(field);
        var stored = new FieldType(TextField.TYPE_STORED) { StoreTermVectors = true };
        doc.Add(new Field(ArticleFields.Title, article.Title, stored));
        doc.Add(new Field(ArticleFields.Text, article.Text, stored));
        doc.Add(new Field(ArticleFields.Text, article.Title, new FieldType(TextField.TYPE_NOT_STORED) { StoreTermVectors = true }));
        return doc;
    }

    [Fact]
    public void An_article_listed_from_its_doc_values_equals_the_one_listed_from_its_stored_fields()
    {
        using var reader = Write(_current, _ => false);
        var segment = reader.Leaves[0].AtomicReader;

        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var fromDocValues = ArticleDocuments.ListedOf(segment, doc);
            Assert.NotNull(fromDocValues);
            Assert.Equivalent(ArticleDocuments.ToArticle(segment.Document(doc, ListedArticles.Fields)), fromDocValues, strict: true);
        }
    }

    [Fact]
    public void Documents_written_without_the_doc_values_are_listed_and_their_terms_read_as_the_others_in_one_segment()
    {
        using var current = Write(_current, _ => false);
        using var mixed = Write(_before, i => i % 2 == 0);
        Assert.Single(mixed.Leaves);
        var listed = new ListedArticles(100);

        for (var doc = 0; doc < mixed.MaxDoc; doc++)
        {
            Assert.Equal(doc % 2 == 0, ArticleDocuments.ListedOf(mixed.Leaves[0].AtomicReader, doc) is null);
            Assert.Equivalent(listed.Get(current, doc), listed.Get(mixed, doc), strict: true);
            Assert.Equal(Described(ArticleTerms.Of(current, doc)), Described(ArticleTerms.Of(mixed, doc)));
        }
    }

    [Fact]
    public void A_seeds_query_is_the_same_from_doc_values_as_from_term_vectors()
    {
        using var current = Write(_current, _ => false);
        using var mixed = Write(_before, i => i % 2 == 0);
        var options = new ProfileQueryOptions();

        for (var doc = 0; doc < current.MaxDoc; doc++)
        {
            Seed[] seeds = [new(doc, 1), new((doc + 1) % current.MaxDoc, 0.5)];
            Assert.Equal(Clauses(new ProfileQueryBuilder(options).Build(current, seeds)), Clauses(new ProfileQueryBuilder(options).Build(mixed, seeds)));
        }
    }

    [SkippableTheory]
    [InlineData(10)]
    [InlineData(40)]
    public void A_seeds_terms_are_the_best_by_tf_idf_of_all_its_terms(int termsPerSeed)
    {
        // Real articles: many terms occur once in an article and in two or three others, and score close to the last chosen.
        var bbc = BbcArticles(500);
        using var current = Write(_current, _ => false, bbc);
        using var withVectors = Write(_before, _ => true, bbc);
        var options = new ProfileQueryOptions { TermsPerSeed = termsPerSeed };

        for (var doc = 0; doc < current.MaxDoc; doc++)
        {
            var chosen = new ProfileQueryBuilder(options).Build(current, [new Seed(doc, 1)]).SeedTerms[0].Terms.ToArray()
                .Where(t => t.Term.Term.Field is ArticleFields.Text or ArticleFields.Title)
                .Select(t => (t.Term.Term.Field, t.Term.Term.Text, Math.Round(t.Weight, 9))).Order().ToList();
            Assert.Equal(EveryTermScored(withVectors, doc, options), chosen);
        }
    }

    [SkippableFact]
    public void Title_and_body_are_indexed_from_their_one_analysis_as_the_index_analyses_them()
    {
        // Real articles: stop words at the ends of a text move the positions of the title given after the body.
        var bbc = BbcArticles(300);
        using var current = Write(_current, _ => false, bbc);
        using var analysedByIndex = Write(_before, _ => true, bbc);

        foreach (var field in new[] { ArticleFields.Text, ArticleFields.Title })
        {
            Assert.Equal(Postings(analysedByIndex, field), Postings(current, field));
            var (norms, expectedNorms) = (MultiDocValues.GetNormValues(current, field), MultiDocValues.GetNormValues(analysedByIndex, field));
            for (var doc = 0; doc < current.MaxDoc; doc++) Assert.Equal(expectedNorms.Get(doc), norms.Get(doc));
        }
        for (var doc = 0; doc < current.MaxDoc; doc++) Assert.Equal(Described(ArticleTerms.Of(analysedByIndex, doc)), Described(ArticleTerms.Of(current, doc)));
    }

    /// <summary>Every term of the field with each document that has it and its positions there.</summary>
    static List<string> Postings(IndexReader reader, string field)
    {
        var postings = new List<string>();
        var terms = MultiFields.GetTerms(reader, field).GetEnumerator();
        while (terms.MoveNext())
        {
            var docs = terms.DocsAndPositions(null, null);
            while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            {
                var positions = Enumerable.Range(0, docs.Freq).Select(_ => docs.NextPosition());
                postings.Add($"{terms.Term.Utf8ToString()} {docs.DocID}: {string.Join(',', positions)}");
            }
        }
        return postings;
    }

    static List<Article> BbcArticles(int count) => File.ReadLines(SharedData.Require("bbc-news.jsonl")).Take(count)
        .Select(line => JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options)!.TryToArticle(Site, out var article, out _) ? article! : throw new InvalidDataException(line))
        .ToList();

    /// <summary>What a seed's text terms are by definition: every term of its term vectors scored tf × idf, the best kept.</summary>
    static List<(string Field, string Text, double Weight)> EveryTermScored(IndexReader reader, int doc, ProfileQueryOptions options)
    {
        var scored = new List<(Term Term, double Score)>();
        foreach (var (field, weight) in new[] { (ArticleFields.Text, 1.0), (ArticleFields.Title, options.TitleWeight) })
        {
            var terms = reader.GetTermVector(doc, field).GetEnumerator();
            while (terms.MoveNext())
            {
                var term = new Term(field, Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term));
                var docFreq = reader.DocFreq(term);
                if (docFreq < options.MinDocFreq || docFreq > Math.Max(options.MinDocFreq, (int)(reader.NumDocs * options.MaxDocFreqRatio))) continue;
                scored.Add((term, weight * terms.TotalTermFreq * (1 + Math.Log(reader.NumDocs / (docFreq + 1.0)))));
            }
        }
        var best = scored.OrderByDescending(t => t.Score).ThenBy(t => t.Term).Take(options.TermsPerSeed).ToList();
        return best.Select(t => (t.Term.Field, t.Term.Text, Math.Round(t.Score / best[0].Score, 9))).Order().ToList();
    }

    static List<string> Described(ArticleTerms terms)
    {
        var described = new List<string>();
        foreach (var (term, frequency) in terms.Body) described.Add($"text:{term.Utf8ToString()}={frequency}");
        foreach (var (term, frequency) in terms.Title) described.Add($"title:{term.Utf8ToString()}={frequency}");
        return described;
    }

    static List<(string Field, string Text, float Boost)> Clauses(ProfileQuery query) =>
        query.Clauses.Select(c => (c.Term.Field, c.Term.Text, c.Boost)).ToList();
}
