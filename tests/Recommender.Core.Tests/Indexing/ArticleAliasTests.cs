using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

public sealed class ArticleAliasTests : IDisposable
{
    const string Site = "news.example";
    const string Canonical = "https://news.example/story";
    const string Alias = "https://news.example/story?page=1";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public ArticleAliasTests() => _index = ArticleIndex.Open(_dir.Path);

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    static Article Story(string url) => new() { Site = Site, Url = url, Title = "The story", Text = "What happened." };

    [Fact]
    public void An_alias_leads_to_the_article_at_its_canonical_url()
    {
        _index.Upsert(Story(Canonical));
        _index.AddAlias(Site, Alias, Canonical);
        _index.Refresh();

        Assert.True(_index.Contains(Site, Alias));
        Assert.Equal(Canonical, _index.Get(Site, Alias)?.Url);
        Assert.False(_index.Contains("other.example", Alias));
    }

    [Fact]
    public void A_page_first_indexed_under_another_address_keeps_one_document()
    {
        _index.Upsert(Story(Alias));
        _index.Upsert(Story(Canonical));
        _index.AddAlias(Site, Alias, Canonical);
        _index.Refresh();

        Assert.Equal(1, _index.Count(Site));
        var all = _index.Search(null, new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score);
        Assert.Equal([Canonical], all.Hits.Select(h => h.Article.Url));
    }

    [Fact]
    public void An_alias_whose_article_is_gone_finds_nothing()
    {
        _index.Upsert(Story(Canonical));
        _index.AddAlias(Site, Alias, Canonical);
        _index.Delete(Site, Canonical);
        _index.Refresh();

        Assert.False(_index.Contains(Site, Alias));
        Assert.Null(_index.Get(Site, Alias));
    }

    [Fact]
    public void The_article_count_leaves_alias_records_out()
    {
        _index.Upsert(Story(Canonical));
        _index.Upsert(Story("https://news.example/other"));
        _index.AddAlias(Site, Alias, Canonical);
        _index.Refresh();

        Assert.Equal(3, _index.WithSearcher(searcher => searcher.IndexReader.NumDocs));
        Assert.Equal(2, _index.ArticleCount);
    }

    [Fact]
    public void The_refresh_lag_grows_while_a_write_is_not_searchable_and_is_zero_after_a_refresh()
    {
        using var dir = new TempIndexDirectory();
        // No scheduled refresh during the test: only Refresh makes the write searchable.
        using var index = ArticleIndex.Open(dir.Path, new ArticleIndexOptions { RefreshInterval = TimeSpan.FromHours(1) });
        Assert.Equal(TimeSpan.Zero, index.RefreshLag);

        index.Upsert(Story(Canonical));

        Assert.True(SpinWait.SpinUntil(() => index.RefreshLag > TimeSpan.Zero, TimeSpan.FromSeconds(5)), "no lag while the write waits");
        index.Refresh();
        Assert.Equal(TimeSpan.Zero, index.RefreshLag);
        Assert.Equal(1, index.ArticleCount);
    }
}
