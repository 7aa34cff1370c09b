using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Tests.Fetching;

public class RobotsTxtTests
{
    const string Agent = "RecommenderBot/1.0 (+https://news.example/bot)";

    [Theory]
    [InlineData("/news/story", false)]
    [InlineData("/news/public/story", true)]   // longer Allow beats shorter Disallow
    [InlineData("/news/public", false)]        // only the Disallow matches
    [InlineData("/other", true)]
    [InlineData("/robots.txt", true)]
    public void Longest_matching_rule_wins(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /news\nAllow: /news/public/\n", Agent);

        Assert.Equal(allowed, robots.IsAllowed(path));
    }

    [Theory]
    [InlineData("User-agent: *\nCrawl-delay: 5\nDisallow: /x\n", 5.0)]
    [InlineData("User-agent: *\nCrawl-delay: 0.5\n", 0.5)]
    [InlineData("User-agent: *\nCrawl-delay: 10\n\nUser-agent: RecommenderBot\nCrawl-delay: 2\n", 2.0)] // our group replaces *
    [InlineData("User-agent: OtherBot\nCrawl-delay: 10\n", null)]
    [InlineData("User-agent: *\nCrawl-delay: soon\n", null)]
    [InlineData("User-agent: *\nCrawl-delay: 86400\n", 60.0)]                                           // capped at a minute
    public void Reads_the_crawl_delay_of_the_group_that_applies(string content, double? seconds)
    {
        var robots = RobotsTxt.Parse(content, Agent);

        Assert.Equal(seconds, robots.CrawlDelay?.TotalSeconds);
    }

    [Fact]
    public void Allow_wins_a_tie_between_equally_long_rules()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /page\nAllow: /page\n", Agent);

        Assert.True(robots.IsAllowed("/page"));
    }

    [Theory]
    [InlineData("/*.pdf$", "/files/report.pdf", true)]
    [InlineData("/*.pdf$", "/files/report.pdf?download=1", false)]
    [InlineData("/*/print", "/2024/story/print", true)]
    [InlineData("/*/print", "/print", false)]
    [InlineData("/search?*q=", "/search?lang=en&q=x", true)]
    [InlineData("/story$", "/story", true)]
    [InlineData("/story$", "/story/1", false)]
    [InlineData("/a*b*c", "/axxbyyc/rest", true)]
    [InlineData("/a*b*c", "/axxbyy", false)]
    public void Wildcards_match_runs_and_dollar_anchors_the_end(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, RobotsTxt.Matches(pattern, path));
    }

    [Fact]
    public void A_group_naming_our_product_token_replaces_the_star_groups()
    {
        const string content = """
            # comment
            User-agent: *
            Disallow: /

            User-agent: otherbot
            User-agent: recommenderbot  # case does not matter
            Disallow: /private # trailing comment
            """;

        var robots = RobotsTxt.Parse(content, Agent);

        Assert.True(robots.IsAllowed("/news/story"));
        Assert.False(robots.IsAllowed("/private/x"));
    }

    [Fact]
    public void Falls_back_to_star_groups_and_an_empty_disallow_allows_everything()
    {
        Assert.False(RobotsTxt.Parse("User-agent: OtherBot\nDisallow:\n\nUser-agent: *\nDisallow: /\n", Agent).IsAllowed("/a"));
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow:\n", Agent).IsAllowed("/a"));
        Assert.True(RobotsTxt.Parse("", Agent).IsAllowed("/a"));
    }

    [Fact]
    public void Rules_after_a_new_user_agent_line_belong_to_the_new_group_only()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /a\nUser-agent: OtherBot\nDisallow: /b\n", Agent);

        Assert.False(robots.IsAllowed("/a"));
        Assert.True(robots.IsAllowed("/b"));
    }

    [Fact]
    public void Unavailable_robots_txt_disallows_everything()
    {
        var robots = RobotsTxt.FromFailure(FetchFailure.ForStatus(503));

        Assert.False(robots.IsAllowed("/news"));
        Assert.True(RobotsTxt.AllowAll.IsAllowed("/news"));
    }
}
