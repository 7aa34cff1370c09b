using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>
/// Re-indexing and listings walk every article of a site, whatever the time limit on readers' searches: a walk cut at
/// the limit would re-index part of a large or loaded index and say nothing.
/// </summary>
public sealed class SiteMaintenanceTests : IDisposable
{
    const string Site = "news.example";
    const int Articles = 300;
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    // A search may collect for 5 ms on a clock that advances 1 ms each time it is read (once per hit collected):
    // any walk of more than a handful of articles runs out of time, with no dependence on the machine's speed.
    public SiteMaintenanceTests() => _index = ArticleIndex.Open(_dir.Path, new ArticleIndexOptions
    {
        UserQueryTimeLimit = TimeSpan.FromMilliseconds(5),
        UserQueryClock = new ClockAdvancingOnEachRead(),
    });

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    void Add(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/a{i}", Title = $"Story number {i}", Text = "Common words in every story." });
        }
        _index.Commit();
        _index.Refresh();
    }

    [Fact]
    public void A_readers_search_over_more_articles_than_its_time_allows_is_cut()
    {
        Add(Articles);

        var page = _index.Search(ArticleIndex.ParseUserQuery("story", "en"), new ArticleFilter { Site = Site }, 0, Articles, ArticleSort.Score);

        Assert.InRange(page.Hits.Count, 1, 20);
    }

    [Fact]
    public void Reindexing_writes_every_article_though_walking_them_takes_longer_than_a_search_may()
    {
        Add(Articles);

        var written = new SiteMaintenance(_index).Reindex(Site);

        Assert.Equal(Articles, written);
        Assert.Equal(Articles, _index.Search(null, new ArticleFilter { Site = Site }, 0, int.MaxValue, ArticleSort.PubDateDescending).Hits.Count);
    }

    sealed class ClockAdvancingOnEachRead : Counter
    {
        long _milliseconds;
        public override long AddAndGet(long delta) => Interlocked.Add(ref _milliseconds, delta);
        public override long Value => Interlocked.Increment(ref _milliseconds);
    }
}
