namespace Recommender.Server.Tests.Api;

/// <summary>
/// Every filter, exclusion, sort and paging parameter of /related and /search, checked against the unfiltered
/// answer: a filter keeps exactly the matching articles of it, an exclusion drops exactly them.
/// </summary>
public sealed class ListingFilterTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    // An article about AI regulation for business: related articles span four sections, many authors and tags.
    const string SeedEnd = "business/2026/11/companies-prepare-algorithmic-accountability-act";

    RunningServer Server => fixture.Server;
    string SeedUrl => fixture.Article(SeedEnd).Url;

    static string Related(string url, string extra = "") =>
        $"/related?apikey={Catalogues.SampleSite}&url={Uri.EscapeDataString(url)}&limit=100{extra}";

    async Task<IReadOnlyList<ListedArticle>> UnfilteredAsync()
    {
        var all = await Server.ListAsync(Related(SeedUrl));
        Assert.True(all.Select(a => a.Section).Distinct().Count() >= 3, "the seed relates to several sections");
        return all;
    }

    static string[] ValuesOf(ListedArticle article, string kind) => kind switch
    {
        "section" => [article.Section!],
        "author" => article.Authors,
        "tag" => article.Tags,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The value of <paramref name="kind"/> most articles of the answer have (but not all: the filter must matter).</summary>
    static string MostCommon(IReadOnlyList<ListedArticle> articles, string kind) =>
        articles.SelectMany(a => ValuesOf(a, kind)).GroupBy(v => v)
            .Where(g => g.Count() < articles.Count).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    static HashSet<string> Urls(IEnumerable<ListedArticle> articles) => [.. articles.Select(a => a.Url)];

    [Theory]
    [InlineData("section")]
    [InlineData("author")]
    [InlineData("tag")]
    public async Task A_filter_keeps_exactly_the_matching_articles(string kind)
    {
        var all = await UnfilteredAsync();
        var value = MostCommon(all, kind);

        var filtered = await Server.ListAsync(Related(SeedUrl, $"&{kind}={Uri.EscapeDataString(value)}"));

        Assert.NotEmpty(filtered);
        Assert.Equal(Urls(all.Where(a => ValuesOf(a, kind).Contains(value))), Urls(filtered));
    }

    [Theory]
    [InlineData("section")]
    [InlineData("author")]
    [InlineData("tag")]
    public async Task An_exclusion_drops_exactly_the_matching_articles(string kind)
    {
        var all = await UnfilteredAsync();
        var value = MostCommon(all, kind);

        var rest = await Server.ListAsync(Related(SeedUrl, $"&exclude={Uri.EscapeDataString($"{kind}:{value}")}"));

        Assert.NotEmpty(rest);
        Assert.Equal(Urls(all.Where(a => !ValuesOf(a, kind).Contains(value))), Urls(rest));
    }

    [Fact]
    public async Task Exclusions_repeat_and_a_url_prefix_drops_a_whole_path()
    {
        var all = await UnfilteredAsync();
        const string prefix = "https://news.example.org/technology/";
        Assert.Contains(all, a => a.Url.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Contains(all, a => a.Section == "culture");

        var rest = await Server.ListAsync(Related(SeedUrl, $"&exclude={Uri.EscapeDataString("url:" + prefix)}&exclude=section:culture"));

        Assert.Equal(Urls(all.Where(a => !a.Url.StartsWith(prefix, StringComparison.Ordinal) && a.Section != "culture")), Urls(rest));
    }

    [Fact]
    public async Task Publication_dates_bound_the_answer_by_whole_days()
    {
        var all = await UnfilteredAsync();
        var from = new DateOnly(2026, 11, 1);
        var to = new DateOnly(2026, 11, 12);

        var bounded = await Server.ListAsync(Related(SeedUrl, "&pub_date_start=2026-11-01&pub_date_end=2026-11-12"));

        var expected = all.Where(a => DateOnly.FromDateTime(a.PubDate!.Value.UtcDateTime) is var day && day >= from && day <= to);
        Assert.NotEmpty(bounded);
        Assert.True(bounded.Count < all.Count);
        Assert.Equal(Urls(expected), Urls(bounded));
    }

    [Fact]
    public async Task Sort_by_pub_date_gives_the_same_articles_newest_first()
    {
        var all = await UnfilteredAsync();

        var byDate = await Server.ListAsync(Related(SeedUrl, "&sort=pub_date"));

        Assert.Equal(Urls(all), Urls(byDate));
        Assert.Equal(byDate.OrderByDescending(a => a.PubDate).Select(a => a.PubDate), byDate.Select(a => a.PubDate));
        Assert.NotEqual(all.Select(a => a.Url), byDate.Select(a => a.Url));
    }

    [Fact]
    public async Task Pages_split_the_answer_in_order_without_gaps_or_repeats()
    {
        var all = await UnfilteredAsync();
        const int limit = 7;

        var pages = new List<ListedArticle>();
        for (var page = 1; page <= all.Count / limit + 1; page++)
        {
            var one = await Server.ListAsync($"/related?apikey={Catalogues.SampleSite}&url={Uri.EscapeDataString(SeedUrl)}&limit={limit}&page={page}");
            Assert.True(one.Count <= limit);
            pages.AddRange(one);
        }

        Assert.Equal(all.Select(a => a.Url), pages.Select(a => a.Url));
        Assert.Empty(await Server.ListAsync($"/related?apikey={Catalogues.SampleSite}&url={Uri.EscapeDataString(SeedUrl)}&limit={limit}&page={all.Count / limit + 2}"));
    }

    [Fact]
    public async Task The_page_itself_is_never_related_to_itself()
    {
        var all = await UnfilteredAsync();

        Assert.DoesNotContain(SeedUrl, Urls(all));
        Assert.All(all, a => Assert.StartsWith("related to ‘", a.Reason));
    }

    [Fact]
    public async Task Search_takes_the_same_filters()
    {
        var mars = await Server.ListAsync($"/search?apikey={Catalogues.SampleSite}&q=mars&limit=100");
        Assert.Contains(mars, a => a.Section == "culture");
        Assert.Contains(mars, a => a.Section == "science");

        var scienceOnly = await Server.ListAsync($"/search?apikey={Catalogues.SampleSite}&q=mars&limit=100&section=science");
        var withoutCulture = await Server.ListAsync($"/search?apikey={Catalogues.SampleSite}&q=mars&limit=100&exclude=section:culture");
        var newestFirst = await Server.ListAsync($"/search?apikey={Catalogues.SampleSite}&q=mars&limit=100&sort=pub_date");

        Assert.Equal(Urls(mars.Where(a => a.Section == "science")), Urls(scienceOnly));
        Assert.Equal(Urls(mars.Where(a => a.Section != "culture")), Urls(withoutCulture));
        Assert.Equal(Urls(mars), Urls(newestFirst));
        Assert.Equal(newestFirst.OrderByDescending(a => a.PubDate).Select(a => a.Url), newestFirst.Select(a => a.Url));
    }
}
