using System.Diagnostics;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

public sealed class ArticleIndexTests : IDisposable
{
    const string Site = "news.example";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public ArticleIndexTests() => _index = ArticleIndex.Open(_dir.Path);

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    static Article NewArticle(string path, string site = Site, string title = "A title", string text = "Some body text.",
        string? section = null, string[]? authors = null, string[]? tags = null, DateTimeOffset? pubDate = null, string? language = null) => new()
    {
        Site = site,
        Url = $"https://{site}/{path}",
        Title = title,
        Text = text,
        Section = section,
        Authors = authors ?? [],
        Tags = tags ?? [],
        PubDate = pubDate,
        Language = language,
    };

    List<string> Urls(ArticleFilter filter, ArticleSort sort = ArticleSort.Score, Lucene.Net.Search.Query? query = null) =>
        _index.Search(query, filter, 0, 100, sort).Hits.Select(h => h.Article.Url).ToList();

    static string UrlOf(string path, string site = Site) => $"https://{site}/{path}";

    [Fact]
    public void Upserting_the_same_page_twice_keeps_one_document_with_the_new_fields()
    {
        var first = _index.Upsert(NewArticle("a", title: "Old title", section: "Sport"));
        var second = _index.Upsert(NewArticle("a", title: "New title", section: "Politics"));
        _index.Refresh();

        Assert.Equal(UpsertOutcome.Added, first);
        Assert.Equal(UpsertOutcome.Updated, second);
        Assert.Equal(1, _index.Count(Site));
        var stored = _index.Get(Site, UrlOf("a"));
        Assert.Equal("New title", stored?.Title);
        Assert.Equal("Politics", stored?.Section);
    }

    [Fact]
    public void A_listed_article_has_every_field_but_the_body_and_follows_an_update()
    {
        var published = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        _index.Upsert(NewArticle("a", title: "Old title", text: "The body.", section: "Sport", authors: ["Ann"], tags: ["Cup"], pubDate: published, language: "en"));
        _index.Refresh();
        var first = _index.WithSearcher(searcher => _index.Listed(searcher, ArticleIndex.FindDoc(searcher, Site, UrlOf("a"))!.Value));

        _index.Upsert(NewArticle("a", title: "New title", section: "Politics"));
        _index.Refresh();
        var updated = _index.WithSearcher(searcher => _index.Listed(searcher, ArticleIndex.FindDoc(searcher, Site, UrlOf("a"))!.Value));

        Assert.Equal((UrlOf("a"), "Old title", "Sport", "Ann", "Cup", published, "en"),
            (first.Url, first.Title, first.Section, Assert.Single(first.Authors), Assert.Single(first.Tags), first.PubDate, first.Language));
        Assert.Equal("", first.Text);
        Assert.Equal(("New title", "Politics"), (updated.Title, updated.Section));
    }

    [Fact]
    public void A_remembered_lookup_finds_an_updated_article_in_its_new_segment_and_a_deleted_one_nowhere()
    {
        _index.Upsert(NewArticle("a", title: "Old title"));
        _index.Upsert(NewArticle("b"));
        _index.Refresh();
        string? TitleOf(string path) => _index.WithSearcher(searcher =>
            _index.DocOf(searcher, Site, UrlOf(path)) is { } doc ? _index.Listed(searcher, doc).Title : null);
        var before = TitleOf("a");

        // The update deletes the old document in the first segment, whose lookups are kept, and adds one to a new segment.
        _index.Upsert(NewArticle("a", title: "New title"));
        _index.Refresh();
        var updated = TitleOf("a");
        _index.Delete(Site, UrlOf("a"));
        _index.Refresh();

        Assert.Equal(("Old title", "New title"), (before, updated));
        Assert.Null(TitleOf("a"));
        Assert.Equal("A title", TitleOf("b"));
    }

    [Fact]
    public void Upsert_reports_updated_for_a_page_indexed_before_the_last_refresh_and_before_a_reopen()
    {
        _index.Upsert(NewArticle("a"));
        _index.Refresh();
        Assert.Equal(UpsertOutcome.Updated, _index.Upsert(NewArticle("a")));

        _index.Dispose();
        using var reopened = ArticleIndex.Open(_dir.Path);
        Assert.Equal(UpsertOutcome.Updated, reopened.Upsert(NewArticle("a")));
        Assert.Equal(UpsertOutcome.Added, reopened.Upsert(NewArticle("b")));
    }

    [Fact]
    public void Concurrent_upserts_of_one_page_report_exactly_one_added()
    {
        var outcomes = new UpsertOutcome[200];
        Parallel.For(0, outcomes.Length, i => outcomes[i] = _index.Upsert(NewArticle("same", title: $"Version {i}")));
        _index.Refresh();

        Assert.Single(outcomes, o => o == UpsertOutcome.Added);
        Assert.Equal(1, _index.Count(Site));
    }

    [Fact]
    public async Task Concurrent_upserts_and_searches_count_each_page_added_once_while_refreshes_run()
    {
        using var dir = new TempIndexDirectory();
        // Refreshing every millisecond makes refreshes race with the writes they make visible.
        using var index = ArticleIndex.Open(dir.Path, new ArticleIndexOptions { RefreshInterval = TimeSpan.FromMilliseconds(1) });
        var pages = Enumerable.Range(0, 300).Select(i => $"page{i % 100}").ToList();
        var filter = new ArticleFilter { Site = Site };

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<UpsertOutcome>();
        var searching = Task.Run(() =>
        {
            while (outcomes.Count < pages.Count) Assert.InRange(index.Search(null, filter, 0, 10, ArticleSort.PubDateDescending).TotalHits, 0, 100);
        });
        Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, page => outcomes.Add(index.Upsert(NewArticle(page))));
        await searching;
        index.Refresh();

        Assert.Equal(100, outcomes.Count(o => o == UpsertOutcome.Added));
        Assert.Equal(100, index.Count(Site));
    }

    [Fact]
    public void The_same_url_on_two_sites_is_two_articles()
    {
        _index.Upsert(NewArticle("a", site: "one.example") with { Url = "https://shared.example/a" });
        var other = _index.Upsert(NewArticle("a", site: "two.example") with { Url = "https://shared.example/a" });
        _index.Refresh();

        Assert.Equal(UpsertOutcome.Added, other);
        Assert.Equal(1, _index.Count("one.example"));
        Assert.Equal(1, _index.Count("two.example"));
        Assert.Equal(["https://shared.example/a"], Urls(new ArticleFilter { Site = "one.example" }));
    }

    [Fact]
    public void Delete_removes_the_article_and_says_whether_there_was_one()
    {
        _index.Upsert(NewArticle("a"));

        Assert.True(_index.Delete(Site, UrlOf("a")));
        Assert.False(_index.Delete(Site, UrlOf("a")));
        _index.Refresh();
        Assert.Null(_index.Get(Site, UrlOf("a")));
        Assert.Equal(UpsertOutcome.Added, _index.Upsert(NewArticle("a")));
    }

    [Fact]
    public void Get_finds_an_article_by_a_url_that_canonicalises_to_its_own()
    {
        _index.Upsert(NewArticle("story?id=7"));
        _index.Refresh();

        Assert.NotNull(_index.Get(Site, "HTTPS://News.Example/story?id=7&utm_source=feed#comments"));
        Assert.Null(_index.Get("other.example", UrlOf("story?id=7")));
    }

    [Fact]
    public void A_stored_article_comes_back_with_all_its_fields()
    {
        var article = new Article
        {
            Site = Site,
            Url = UrlOf("full"),
            Title = "Title",
            Authors = ["Jane Doe", "John Roe"],
            Section = "World",
            Tags = ["Europe", "Trade"],
            PubDate = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
            Modified = new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero),
            ImageUrl = "https://news.example/img.jpg",
            Description = "A description.",
            Language = "en",
            Text = "First paragraph.\n\nSecond paragraph.",
        };
        _index.Upsert(article);
        _index.Refresh();

        var stored = _index.Get(Site, article.Url);
        Assert.NotNull(stored);
        Assert.Equal(article.Authors, stored.Authors);
        Assert.Equal(article.Tags, stored.Tags);
        // Alone in its site, the article is a story of its own.
        Assert.Equal(article with { Authors = stored.Authors, Tags = stored.Tags, Story = article.Url }, stored);
    }

    [Fact]
    public void Blank_authors_and_tags_are_left_out()
    {
        _index.Upsert(NewArticle("a", authors: ["", "Ann Lee", " "], tags: ["  ", "Europe"]));
        _index.Refresh();

        var stored = _index.Get(Site, UrlOf("a"));
        Assert.Equal(["Ann Lee"], stored?.Authors);
        Assert.Equal(["Europe"], stored?.Tags);
    }

    [Fact]
    public void Options_with_a_refresh_interval_of_zero_are_refused()
    {
        using var dir = new TempIndexDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => ArticleIndex.Open(dir.Path, new ArticleIndexOptions { RefreshInterval = TimeSpan.Zero }));
    }

    [Fact]
    public void A_new_article_becomes_searchable_within_a_second_without_commit_or_refresh()
    {
        _index.Upsert(NewArticle("fresh"));
        var clock = Stopwatch.StartNew();
        while (_index.Get(Site, UrlOf("fresh")) is null && clock.Elapsed < TimeSpan.FromSeconds(1)) Thread.Sleep(10);

        Assert.NotNull(_index.Get(Site, UrlOf("fresh")));
        Assert.Equal([UrlOf("fresh")], Urls(new ArticleFilter { Site = Site }));
    }

    [Fact]
    public void Filters_by_section_author_and_tag_ignore_case_and_match_any_listed_value()
    {
        _index.Upsert(NewArticle("sport", section: "Sport", authors: ["Ann Lee"], tags: ["Football"]));
        _index.Upsert(NewArticle("politics", section: "Politics", authors: ["Bob Ray"], tags: ["Elections", "Europe"]));
        _index.Upsert(NewArticle("tech", section: "Tech", authors: ["Ann Lee", "Cy Doe"], tags: ["Europe"]));
        _index.Upsert(NewArticle("other-site", site: "other.example", section: "Sport"));
        _index.Refresh();

        var site = new ArticleFilter { Site = Site };
        Assert.Equal(3, Urls(site).Count);
        Assert.Equal([UrlOf("sport")], Urls(site with { Sections = ["SPORT"] }));
        Assert.Equal([UrlOf("politics"), UrlOf("sport")], Urls(site with { Sections = ["sport", "Politics"] }).Order());
        Assert.Equal([UrlOf("sport"), UrlOf("tech")], Urls(site with { Authors = ["ann lee"] }).Order());
        Assert.Equal([UrlOf("politics"), UrlOf("tech")], Urls(site with { Tags = ["EUROPE"] }).Order());
        Assert.Equal([UrlOf("tech")], Urls(site with { Authors = ["Ann Lee"], Tags = ["Europe"] }));
        Assert.Empty(Urls(site with { Sections = ["Weather"] }));
    }

    [Fact]
    public void Exclusions_hide_sections_authors_tags_url_prefixes_and_urls()
    {
        _index.Upsert(NewArticle("sport/1", section: "Sport"));
        _index.Upsert(NewArticle("politics/1", section: "Politics", authors: ["Bob Ray"]));
        _index.Upsert(NewArticle("politics/2", section: "Politics", tags: ["Opinion"]));
        _index.Upsert(NewArticle("tech/1", section: "Tech"));
        _index.Refresh();

        var site = new ArticleFilter { Site = Site };
        Assert.DoesNotContain(UrlOf("sport/1"), Urls(site with { ExcludeSections = ["sport"] }));
        Assert.Equal(3, Urls(site with { ExcludeSections = ["sport"] }).Count);
        Assert.DoesNotContain(UrlOf("politics/1"), Urls(site with { ExcludeAuthors = ["BOB RAY"] }));
        Assert.DoesNotContain(UrlOf("politics/2"), Urls(site with { ExcludeTags = ["opinion"] }));
        Assert.Equal([UrlOf("sport/1"), UrlOf("tech/1")], Urls(site with { ExcludeUrlPrefixes = [UrlOf("politics/")] }).Order());
        Assert.Equal([UrlOf("politics/2"), UrlOf("sport/1")], Urls(site with { ExcludeUrls = [UrlOf("tech/1"), UrlOf("politics/1") + "?utm_source=x"] }).Order());
    }

    [Fact]
    public void Excluding_more_urls_than_a_boolean_query_allows_clauses_works()
    {
        _index.Upsert(NewArticle("kept"));
        _index.Upsert(NewArticle("hidden"));
        _index.Refresh();

        var many = Enumerable.Range(0, 5_000).Select(i => UrlOf($"seen/{i}")).Append(UrlOf("hidden")).ToList();
        Assert.Equal([UrlOf("kept")], Urls(new ArticleFilter { Site = Site, ExcludeUrls = many }));
    }

    [Fact]
    public void The_date_range_includes_both_boundary_days_whole()
    {
        _index.Upsert(NewArticle("before", pubDate: new DateTimeOffset(2025, 1, 9, 23, 59, 59, TimeSpan.Zero)));
        _index.Upsert(NewArticle("first-day", pubDate: new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero)));
        _index.Upsert(NewArticle("last-day", pubDate: new DateTimeOffset(2025, 1, 20, 23, 59, 59, 999, TimeSpan.Zero)));
        _index.Upsert(NewArticle("after", pubDate: new DateTimeOffset(2025, 1, 21, 0, 0, 0, TimeSpan.Zero)));
        _index.Upsert(NewArticle("undated"));
        _index.Refresh();

        var site = new ArticleFilter { Site = Site };
        Assert.Equal([UrlOf("first-day"), UrlOf("last-day")],
            Urls(site with { PubDateFrom = new DateOnly(2025, 1, 10), PubDateTo = new DateOnly(2025, 1, 20) }).Order());
        Assert.Equal([UrlOf("after"), UrlOf("last-day")], Urls(site with { PubDateFrom = new DateOnly(2025, 1, 20) }).Order());
        Assert.Equal([UrlOf("before")], Urls(site with { PubDateTo = new DateOnly(2025, 1, 9) }));
        Assert.Equal(4, Urls(site with { PubDateFrom = DateOnly.MinValue, PubDateTo = DateOnly.MaxValue }).Count);
    }

    [Fact]
    public void Sorting_by_pub_date_gives_newest_first_and_paging_walks_through_all()
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var day in new[] { 3, 0, 4, 1, 2 }) _index.Upsert(NewArticle($"day{day}", pubDate: start.AddDays(day)));
        _index.Upsert(NewArticle("undated"));
        _index.Refresh();

        var filter = new ArticleFilter { Site = Site };
        var pages = Enumerable.Range(0, 3).Select(p => _index.Search(null, filter, p * 2, 2, ArticleSort.PubDateDescending)).ToList();

        Assert.All(pages, page => Assert.Equal(6, page.TotalHits));
        Assert.Equal(["day4", "day3", "day2", "day1", "day0", "undated"],
            pages.SelectMany(p => p.Hits).Select(h => h.Article.Url.Split('/')[^1]));
    }

    [Fact]
    public void Paging_outside_the_results_gives_empty_pages()
    {
        _index.Upsert(NewArticle("a"));
        _index.Refresh();
        var filter = new ArticleFilter { Site = Site };

        Assert.Empty(_index.Search(null, filter, 5, 10, ArticleSort.Score).Hits);
        Assert.Empty(_index.Search(null, filter, int.MaxValue, int.MaxValue, ArticleSort.PubDateDescending).Hits);
        var countOnly = _index.Search(null, filter, -3, 0, ArticleSort.Score);
        Assert.Equal(1, countOnly.TotalHits);
        Assert.Empty(countOnly.Hits);
        Assert.Single(_index.Search(null, filter, -3, -1 + 2, ArticleSort.Score).Hits);
    }

    [Fact]
    public void A_user_query_ranks_title_matches_above_body_matches_and_respects_the_filter()
    {
        _index.Upsert(NewArticle("body", title: "Weekly round-up", text: "The election results came in late on Sunday."));
        _index.Upsert(NewArticle("title", title: "Election results", text: "Counting ended late on Sunday."));
        _index.Upsert(NewArticle("unrelated", title: "Football", text: "A late goal on Sunday."));
        _index.Upsert(NewArticle("title", site: "other.example", title: "Election results"));
        _index.Refresh();

        var query = ArticleIndex.ParseUserQuery("elections", "en");
        var page = _index.Search(query, new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score);

        Assert.Equal([UrlOf("title"), UrlOf("body")], page.Hits.Select(h => h.Article.Url));
        Assert.True(page.Hits[0].Score > page.Hits[1].Score);
    }

    [Theory]
    [InlineData("title:(election AND")]
    [InlineData("\"unbalanced quote")]
    [InlineData("*leading wildcard")]
    [InlineData("AND OR NOT")]
    [InlineData("election [ } ^ ~ \\")]
    [InlineData("   ")]
    [InlineData("election /.*/")]
    [InlineData("24/7 election \\/[a")]
    public void A_user_query_with_broken_syntax_still_searches(string text)
    {
        _index.Upsert(NewArticle("a", title: "Election night"));
        _index.Refresh();

        var page = _index.Search(ArticleIndex.ParseUserQuery(text, null), new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score);

        Assert.Equal(text.Contains("election") ? 1 : 0, page.TotalHits);
    }

    [Fact]
    public void A_very_long_user_query_does_not_fail()
    {
        var words = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"w{i}"));

        var query = ArticleIndex.ParseUserQuery(words, "en");

        Assert.Equal(0, _index.Search(query, new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score).TotalHits);
    }

    [Fact]
    public void A_german_article_is_analysed_with_the_german_analyzer()
    {
        const string text = "Die Häuser der Altstadt wurden renoviert.";
        _index.Upsert(NewArticle("de", title: "Altstadt", text: text, language: "de"));
        _index.Upsert(NewArticle("en", title: "Altstadt", text: text, language: "en"));
        _index.Refresh();

        var page = _index.Search(ArticleIndex.ParseUserQuery("Haus", "de"), new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score);

        Assert.Equal([UrlOf("de")], page.Hits.Select(h => h.Article.Url));
    }

    [Fact]
    public void Committed_articles_are_there_after_reopening()
    {
        for (var i = 0; i < 10; i++) _index.Upsert(NewArticle($"a{i}"));
        _index.Dispose();

        using var reopened = ArticleIndex.Open(_dir.Path);
        Assert.Equal(10, reopened.Count(Site));
        Assert.NotNull(reopened.Get(Site, UrlOf("a7")));
    }

    [Fact]
    public void An_index_with_a_leftover_write_lock_opens()
    {
        _index.Upsert(NewArticle("a"));
        _index.Dispose();
        // A killed process leaves its lock file behind; the OS lock on it died with the process.
        File.WriteAllText(Path.Combine(_dir.Path, "write.lock"), "");

        using var reopened = ArticleIndex.Open(_dir.Path);
        Assert.Equal(1, reopened.Count(Site));
    }

    [Fact]
    public void A_new_index_directory_with_only_a_leftover_write_lock_opens()
    {
        using var dir = new TempIndexDirectory();
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(Path.Combine(dir.Path, "write.lock"), "");

        using var index = ArticleIndex.Open(dir.Path);
        Assert.Equal(UpsertOutcome.Added, index.Upsert(NewArticle("a")));
    }

    [Fact]
    public void An_index_open_in_this_process_cannot_be_opened_twice()
    {
        Assert.Throws<Lucene.Net.Store.LockObtainFailedException>(() => ArticleIndex.Open(_dir.Path));
    }

    [Fact]
    public void An_index_locked_by_another_process_does_not_open()
    {
        using var dir = new TempIndexDirectory();
        Directory.CreateDirectory(dir.Path);
        // What another process running an ArticleIndex on the directory holds: an exclusive flock on this file.
        using var otherProcess = new FileStream(Path.Combine(dir.Path, ArticleIndex.ProcessLockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.Throws<Lucene.Net.Store.LockObtainFailedException>(() => ArticleIndex.Open(dir.Path));
    }

    [Fact]
    public void Changes_are_committed_on_the_schedule_without_dispose()
    {
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path, new ArticleIndexOptions { CommitInterval = TimeSpan.FromMilliseconds(100) });
        index.Upsert(NewArticle("a"));

        var clock = Stopwatch.StartNew();
        while (CommittedCount(dir.Path) == 0 && clock.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(20);

        Assert.Equal(1, CommittedCount(dir.Path));
    }

    static int CommittedCount(string path)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(path);
        try
        {
            if (!Lucene.Net.Index.DirectoryReader.IndexExists(directory)) return 0;
            using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
            return reader.NumDocs;
        }
        catch (IOException)
        {
            return 0; // read while the commit point was being written
        }
    }
}
