using Lucene.Net.Search;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

/// <summary>The term-at-a-time search must find what Lucene's own search of the same query finds, with the same scores.</summary>
public sealed class TermAtATimeSearchTests : IDisposable
{
    const string Site = "news.example";
    static readonly string[] Sections = ["Politics", "Sport", "Science"];
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public TermAtATimeSearchTests()
    {
        _index = ArticleIndex.Open(_dir.Path);
        var random = new Random(7);
        var vocabulary = Enumerable.Range(0, 400).Select(i => $"word{i}").ToArray();
        // Several segments, and deleted documents in them: articles updated after a refresh leave their old documents deleted.
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 120; i++)
            {
                var number = round * 90 + i;
                // A skewed vocabulary, so that terms' frequencies and documents' lengths differ as in real text.
                var words = Enumerable.Range(0, random.Next(5, 120)).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 2))]);
                _index.Upsert(new Article
                {
                    Site = number % 10 == 0 ? "other.example" : Site,
                    Url = $"https://{Site}/article-{number}",
                    Title = string.Join(' ', vocabulary.OrderBy(_ => random.Next()).Take(4)),
                    Text = string.Join(' ', words),
                    Section = Sections[number % Sections.Length],
                    Tags = [$"tag{number % 7}"],
                });
            }
            _index.Refresh();
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(3, null)]
    [InlineData(8, null)]
    [InlineData(3, "Sport")]
    public void Finds_the_documents_and_scores_of_Lucenes_search_of_the_same_query(int seedCount, string? section)
    {
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions());
        var filter = new ArticleFilter { Site = Site, Sections = section is null ? [] : [section] }.ToFilter();
        var random = new Random(seedCount);
        for (var run = 0; run < 6; run++)
        {
            // Halfway, writes and a refresh: the next runs search a new reader, which reuses what was kept per segment, and an
            // article rewritten leaves its old document deleted in a segment whose postings were decoded and kept.
            if (run == 3)
            {
                _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/late", Title = "word1 word2", Text = "word3 word4 word5", Section = "Sport" });
                foreach (var rewritten in Enumerable.Range(300, 40))
                    _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/article-{rewritten}", Title = "word399", Text = "word398", Section = "Sport" });
                _index.Refresh();
            }
            _index.WithSearcher(searcher =>
            {
                var seeds = Enumerable.Range(0, seedCount)
                    .Select(_ => ArticleIndex.FindDoc(searcher, Site, $"https://{Site}/article-{random.Next(1, 390)}"))
                    .OfType<int>().Select((doc, i) => new Seed(doc, 1.0 / (i + 1))).ToList();
                var found = AssertFindsWhatLuceneFinds(searcher, builder.Build(searcher.IndexReader, seeds), filter, 40);
                Assert.True(found > 10, "the query matches enough documents to rank");
                return 0;
            });
        }
    }

    [Fact]
    public void Finds_what_Lucenes_search_finds_where_the_filter_accepts_every_document()
    {
        // One site and no deletions: the filter's bits are all set, and the search reads no bits at all.
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            index.Upsert(new Article
            {
                Site = Site, Url = $"https://{Site}/only-{i}", Title = $"word{random.Next(40)} word{random.Next(40)}",
                Text = string.Join(' ', Enumerable.Range(0, random.Next(5, 60)).Select(_ => $"word{random.Next(40)}")), Section = "Sport",
            });
        }
        index.Refresh();
        var filter = new ArticleFilter { Site = Site }.ToFilter();
        index.WithSearcher(searcher =>
        {
            var profile = new ProfileQueryBuilder(new ProfileQueryOptions()).Build(searcher.IndexReader, [new Seed(0, 1), new Seed(7, 0.5)]);
            Assert.Equal(40, AssertFindsWhatLuceneFinds(searcher, profile, filter, 40));
            return 0;
        });
    }

    [Fact]
    public void Finds_what_Lucenes_search_finds_in_a_segment_of_several_blocks_where_the_filter_leaves_some_out()
    {
        // More documents in one segment than the search adds up at a time (16,384), every third of another site: each block's
        // documents are numbered within it, and the filter is asked of them by their number in the segment.
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        var random = new Random(11);
        for (var i = 0; i < 17_000; i++)
        {
            index.Upsert(new Article
            {
                Site = i % 3 == 0 ? "other.example" : Site, Url = $"https://{Site}/many-{i}", Title = $"word{random.Next(60)}",
                Text = string.Join(' ', Enumerable.Range(0, random.Next(2, 6)).Select(_ => $"word{random.Next(60)}")), Section = "Sport",
            });
        }
        index.ForceMerge(1);
        index.Refresh();
        var filter = new ArticleFilter { Site = Site }.ToFilter();
        index.WithSearcher(searcher =>
        {
            Assert.Contains(searcher.IndexReader.Leaves, leaf => leaf.AtomicReader.MaxDoc > 1 << 14);
            var profile = new ProfileQueryBuilder(new ProfileQueryOptions()).Build(searcher.IndexReader, [new Seed(1, 1), new Seed(16_999, 0.5)]);
            Assert.Equal(3000, AssertFindsWhatLuceneFinds(searcher, profile, filter, 3000));
            return 0;
        });
    }

    [Fact]
    public void Of_documents_that_score_alike_keeps_the_lowest_numbered_as_Lucene_does_when_it_is_offered_last()
    {
        // Two articles alike but for one word, each word in one article: both score the same. The clause of the second
        // article's word comes first, so the search offers that article first, and the first article ties the worst kept.
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        index.Upsert(new Article { Site = Site, Url = $"https://{Site}/first", Title = "story", Text = "alpha" });
        index.Upsert(new Article { Site = Site, Url = $"https://{Site}/second", Title = "story", Text = "bravo" });
        index.Refresh();
        var filter = new ArticleFilter { Site = Site }.ToFilter();
        index.WithSearcher(searcher =>
        {
            var clauses = new[] { "bravo", "alpha" }.Select(word => new Lucene.Net.Index.Term(ArticleFields.Text, word))
                .Select(term => new QueryTerm(term, Lucene.Net.Index.TermContext.Build(searcher.IndexReader.Context, term), 1f)).ToList();
            var profile = new ProfileQuery(clauses, [], new Dictionary<Lucene.Net.Index.Term, double>(), 0);
            Assert.Equal(1, AssertFindsWhatLuceneFinds(searcher, profile, filter, 1));
            return 0;
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(120)]
    public void The_hit_queue_keeps_the_best_hits_best_first_and_of_equal_scores_the_lowest_documents(int count)
    {
        // Few distinct scores, so that most hits tie, offered in a random order of documents.
        var random = new Random(count);
        var offered = Enumerable.Range(0, 2000).OrderBy(_ => random.Next())
            .Select(doc => (Doc: doc, Score: random.Next(1, 40) * 0.37f)).ToList();
        var queue = new TermAtATimeSearch.TopHits(count);
        var floors = offered.Select(hit => queue.Offer(hit.Doc, hit.Score)).ToList();

        var expected = offered.OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Doc).Take(count).ToList();
        var actual = queue.BestFirst();
        Assert.Equal(expected.Select(hit => hit.Doc), actual.Select(hit => hit.Doc));
        Assert.Equal(expected.Select(hit => hit.Score), actual.Select(hit => hit.Score));
        // The floor: nothing while fewer than count are kept, then the worst score kept.
        Assert.All(floors.Take(count - 1), floor => Assert.Equal(float.NegativeInfinity, floor));
        Assert.Equal(expected[^1].Score, floors[^1]);
    }

    [Fact]
    public void A_hit_s_key_orders_as_its_score_then_its_document_reversed()
    {
        float[] scores = [0f, float.Epsilon, 1e-30f, 0.5f, 1f, 1.0000001f, 3.5f, 1e30f, float.MaxValue, float.PositiveInfinity];
        int[] docs = [0, 1, 7, 1_000_000, int.MaxValue];
        var hits = scores.SelectMany(score => docs.Select(doc => (Doc: doc, Score: score))).ToList();
        var byKey = hits.OrderBy(hit => TermAtATimeSearch.TopHits.KeyOf(hit.Doc, hit.Score)).ToList();
        Assert.Equal(hits.OrderBy(hit => hit.Score).ThenByDescending(hit => hit.Doc), byKey);
    }

    /// <summary>
    /// The search finds the documents, in order, and the scores of Lucene's own search of the profile's BooleanQuery; returns
    /// how many. Lucene looks the terms up itself, so that states kept by the builder are checked too.
    /// </summary>
    static int AssertFindsWhatLuceneFinds(IndexSearcher searcher, ProfileQuery profile, Filter filter, int count)
    {
        var query = new BooleanQuery();
        foreach (var clause in profile.Clauses) query.Add(new TermQuery(clause.Term) { Boost = clause.Boost }, Occur.SHOULD);

        var expected = searcher.Search(query, filter, count).ScoreDocs;
        var actual = TermAtATimeSearch.Search(searcher, profile.Clauses, filter, count);

        Assert.Equal(expected.Select(h => h.Doc), actual.Select(h => h.Doc));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5f));
        return expected.Length;
    }

    [Fact]
    public void An_index_s_segments_share_the_postings_kept_by_their_documents()
    {
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        for (var i = 0; i < 4; i++)
        {
            index.Upsert(new Article { Site = Site, Url = $"https://{Site}/share-{i}", Title = $"title {i}", Text = "text" });
            // Three documents in the first segment, one in the second.
            if (i == 2) index.Refresh();
        }
        index.Refresh();

        var bounds = index.WithSearcher(searcher =>
            searcher.IndexReader.Leaves.Select(leaf => TermAtATimeSearch.KeptIn(searcher.IndexReader, leaf.AtomicReader)).ToList());

        Assert.Equal([TermAtATimeSearch.PostingsKept / 4 * 3, TermAtATimeSearch.PostingsKept / 4], bounds);
    }

    [Fact]
    public void Refuses_a_searcher_that_scores_with_another_similarity()
    {
        var filter = new ArticleFilter { Site = Site }.ToFilter();
        _index.WithSearcher(searcher =>
        {
            var profile = new ProfileQueryBuilder(new ProfileQueryOptions()).Build(searcher.IndexReader, [new Seed(0, 1)]);
            var own = searcher.Similarity;
            searcher.Similarity = new Lucene.Net.Search.Similarities.BM25Similarity();
            try
            {
                Assert.Throws<NotSupportedException>(() => TermAtATimeSearch.Search(searcher, profile.Clauses, filter, 10));
            }
            finally
            {
                searcher.Similarity = own;
            }
            return 0;
        });
    }

    [Fact]
    public void Finds_nothing_without_clauses_or_places()
    {
        var filter = new ArticleFilter { Site = Site }.ToFilter();
        _index.WithSearcher(searcher =>
        {
            var profile = new ProfileQueryBuilder(new ProfileQueryOptions()).Build(searcher.IndexReader, [new Seed(0, 1)]);
            Assert.Empty(TermAtATimeSearch.Search(searcher, [], filter, 10));
            Assert.Empty(TermAtATimeSearch.Search(searcher, profile.Clauses, filter, 0));
            return 0;
        });
    }
}
