using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Recommender.Core.Tests.Recommendations;

public sealed class ProfileQueryBuilderTests : IDisposable
{
    const string Site = "news.example";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public ProfileQueryBuilderTests() => _index = ArticleIndex.Open(_dir.Path);

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    void Add(string path, string text, string? section = null)
    {
        _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/{path}", Title = path, Text = text, Section = section });
        _index.Refresh();
    }

    int DocOf(IndexSearcher searcher, string path) => _index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value;

    List<string> QueryWordsFor(ProfileQueryBuilder builder, string path) => _index.WithSearcher(searcher =>
    {
        var seed = new Seed(_index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value, 1);
        return builder.Build(searcher.IndexReader, [seed]).Clauses.Select(c => c.Term.Bytes.Utf8ToString()).ToList();
    });

    [Fact]
    public void A_seeds_terms_are_found_by_their_field_and_bytes_each_once_best_text_first()
    {
        _index.Upsert(new Article
        {
            Site = Site, Url = $"https://{Site}/harbour", Title = "Harbour cables", Text = "The harbour bridge reopened with new steel cables; the harbour cables held.",
            Section = "Transport", Authors = ["Ann Lee"], Tags = ["Bridges", "Harbour"],
        });
        _index.Upsert(new Article
        {
            Site = Site, Url = $"https://{Site}/other", Title = "Steel", Text = "The harbour steel bridge cables were tested.",
            Section = "Transport", Authors = ["Ann Lee"], Tags = ["Bridges", "Harbour"],
        });
        _index.Refresh();
        var terms = _index.WithSearcher(searcher =>
            new ProfileQueryBuilder(new ProfileQueryOptions { MinDocFreq = 1, MaxDocFreqRatio = 1 }).Build(searcher.IndexReader, [new Seed(DocOf(searcher, "harbour"), 1)]).SeedTerms[0]);

        // Terms made anew, as Reasons and ClosestSeeds make them: found by value, not by the kept instance.
        Assert.True(terms.TryGetValue(new HashedTerm(new Term(ArticleFields.Text, "harbour")), out var harbour));
        Assert.Equal(2, harbour.DocFreq);
        Assert.True(terms.Contains(new HashedTerm(new Term(ArticleFields.TagKey, "bridges"))));
        Assert.True(terms.Contains(new HashedTerm(new Term(ArticleFields.AuthorKey, ArticleFields.KeyOf("Ann Lee")))));
        // The same bytes in a field the seed did not give them in are another term.
        Assert.False(terms.Contains(new HashedTerm(new Term(ArticleFields.TagKey, "cables"))));
        Assert.False(terms.TryGetValue(new HashedTerm(new Term(ArticleFields.Text, "absent")), out _));

        var all = terms.Terms.ToArray();
        Assert.Equal(all.Length, all.Select(t => t.Term).Distinct().Count());
        var text = all.TakeWhile(t => t.Term.Term.Field is ArticleFields.Text or ArticleFields.Title).ToArray();
        Assert.Equal(1.0, text[0].Weight);
        Assert.Equal(text.OrderByDescending(t => t.Weight).Select(t => t.Term), text.Select(t => t.Term));
        Assert.All(all.Skip(text.Length), t => Assert.Contains(t.Term.Term.Field, new[] { ArticleFields.AuthorKey, ArticleFields.SectionKey, ArticleFields.TagKey }));
    }

    [Fact]
    public void A_seed_computed_after_a_longer_one_on_the_same_thread_has_its_own_terms_only()
    {
        // The thread's queue and array of scored terms serve one seed after another: the second, shorter seed must not
        // see what the first left in them.
        Add("long", string.Join(' ', Enumerable.Range(10, 30).Select(i => $"w{i}")));
        Add("short", "alpha bravo");
        var options = new ProfileQueryOptions { MinDocFreq = 1, MaxDocFreqRatio = 1, TitleWeight = 0, SectionWeight = 0 };

        var terms = _index.WithSearcher(searcher =>
        {
            new ProfileQueryBuilder(options).Build(searcher.IndexReader, [new Seed(DocOf(searcher, "long"), 1)]);
            return new ProfileQueryBuilder(options).Build(searcher.IndexReader, [new Seed(DocOf(searcher, "short"), 1)]).SeedTerms[0];
        });

        // Its text and its title, which the body's field holds too.
        Assert.Equal(["alpha", "bravo", "short"], terms.Terms.ToArray().Select(t => t.Term.Term.Bytes.Utf8ToString()).Order());
    }

    [Fact]
    public void A_seeds_terms_are_computed_again_once_the_catalogue_has_grown()
    {
        Add("harbour", "The harbour bridge reopened with new steel cables.");
        Add("tolls", "Tolls on the harbour bridge stay the same.");
        Add("final", "The cup final ended in penalties.");
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions());
        var before = QueryWordsFor(builder, "harbour");

        // "steel" was in no other article, so it could not relate the seed to anything; now it is in a second one.
        Add("works", "The steel works took on more staff.");
        var after = QueryWordsFor(builder, "harbour");

        Assert.Contains("bridg", before);
        Assert.DoesNotContain("steel", before);
        Assert.Contains("steel", after);
    }

    [Fact]
    public void Of_terms_that_score_alike_a_seed_keeps_the_first_in_the_index_order_whatever_the_text_order()
    {
        // Each word once in each article, so every term has the same tf × idf.
        Add("seed", "delta alpha charlie bravo");
        Add("other", "bravo charlie alpha delta");
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions { TermsPerSeed = 2 });

        Assert.Equal(["alpha", "bravo"], QueryWordsFor(builder, "seed"));
    }

    [Fact]
    public void Of_merged_terms_that_weigh_alike_the_query_keeps_the_merge_s_order()
    {
        // 30 words once each in both articles, so every one weighs the same: more than a sort's insertion sort orders alone.
        var words = Enumerable.Range(10, 30).Select(i => $"w{i}").ToList();
        Add("seed", string.Join(' ', words.AsEnumerable().Reverse()));
        Add("other", string.Join(' ', words));
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions { TitleWeight = 0 });

        // The seed's terms are merged best first and, of equal scores, in the index's order.
        Assert.Equal(words, QueryWordsFor(builder, "seed").Where(word => word.StartsWith('w')));
    }

    [Fact]
    public void A_candidate_in_a_seeds_section_is_raised_by_that_sections_share_of_the_seeds_in_whichever_segment_it_is()
    {
        // Each article refreshed apart, so they sit in several segments, each with its own sections and ordinals.
        Add("science-seed", "The telescope found a comet.", "Science");
        Add("sport-seed", "The final ended in penalties.", "Sport");
        Add("science-candidate", "A comet passed the telescope.", "Science");
        Add("sport-candidate", "Penalties decided the final.", "Sport");
        Add("politics-candidate", "The vote was close.", "Politics");
        Add("no-section", "A comet and a final.");
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions { SectionWeight = 5 });

        var factors = _index.WithSearcher(searcher =>
        {
            Assert.True(searcher.IndexReader.Leaves.Count > 1);
            var profile = builder.Build(searcher.IndexReader, [new Seed(DocOf(searcher, "science-seed"), 3), new Seed(DocOf(searcher, "sport-seed"), 1)]);
            return profile.SectionFactors(searcher.IndexReader,
                [.. new[] { "science-candidate", "sport-candidate", "politics-candidate", "no-section", "science-seed" }.Select(path => DocOf(searcher, path))]);
        });

        // Science has 3/4 of the seeds' weight, sport 1/4: 1 + 5 × share.
        Assert.Equal([4.75, 2.25, 1, 1, 4.75], factors);
    }
}
