using Recommender.Core.Articles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Recommendations;

public sealed class BusinessRulesTests
{
    static Article A(string name, string? section = null, string? author = null, string? story = null) => new()
    {
        Site = "s", Url = $"https://s.example/{name}", Title = name, Section = section,
        Authors = author is null ? [] : [author], Story = story,
    };

    static string[] Names(IEnumerable<Article> articles) => [.. articles.Select(a => a.Title)];

    [Fact]
    public void An_article_over_its_sections_limit_moves_down_one_place_at_a_time_until_it_fits()
    {
        var ranked = new[] { A("a", "sport"), A("b", "Sport"), A("c", "sport"), A("d", "news"), A("e", "news") };

        var arranged = BusinessRules.Apply(ranked, new BusinessRuleOptions { MaxPerSection = 2, Within = 4, SeparateStories = false }, a => a);

        Assert.Equal(["a", "b", "d", "e", "c"], Names(arranged));
    }

    [Fact]
    public void The_per_section_limit_counts_only_the_first_places()
    {
        var ranked = new[] { A("a", "sport"), A("b", "sport"), A("c", "news"), A("d", "sport") };

        var arranged = BusinessRules.Apply(ranked, new BusinessRuleOptions { MaxPerSection = 1, Within = 2, SeparateStories = false }, a => a);

        Assert.Equal(["a", "c", "b", "d"], Names(arranged));
    }

    [Fact]
    public void Two_articles_of_one_story_never_stand_next_to_each_other()
    {
        var ranked = new[] { A("a", story: "x"), A("b", story: "x"), A("c", story: "y"), A("d", story: "x"), A("e") };

        var arranged = BusinessRules.Apply(ranked, new BusinessRuleOptions(), a => a);

        Assert.Equal(["a", "c", "b", "e", "d"], Names(arranged));
    }

    [Fact]
    public void An_author_over_the_limit_moves_down_and_so_does_a_coauthored_article()
    {
        var ranked = new[] { A("a", author: "Kim"), A("b", author: "kim "), A("c", author: "Lee") };

        var arranged = BusinessRules.Apply(ranked, new BusinessRuleOptions { MaxPerAuthor = 1, Within = 3 }, a => a);

        Assert.Equal(["a", "c", "b"], Names(arranged));
    }

    [Fact]
    public void Where_no_article_can_keep_a_rule_the_ranking_stays()
    {
        var ranked = new[] { A("a", "sport"), A("b", "sport"), A("c", "sport") };

        var arranged = BusinessRules.Apply(ranked, new BusinessRuleOptions { MaxPerSection = 1, Within = 3 }, a => a);

        Assert.Equal(["a", "b", "c"], Names(arranged));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void On_random_rankings_every_rule_holds_and_no_article_passes_one_that_kept_the_rules(int seed)
    {
        var random = new Random(seed);
        string[] sections = ["sport", "news", "tech", "arts"];
        string[] authors = ["Kim", "Lee", "Ana", "Bo", "Cy", "Di"];
        var ranked = Enumerable.Range(0, 40).Select(i => A($"{i}", sections[random.Next(sections.Length)],
            authors[random.Next(authors.Length)], random.Next(3) == 0 ? null : $"story{random.Next(12)}")).ToArray();
        var rules = new BusinessRuleOptions { MaxPerSection = 3, MaxPerAuthor = 2, Within = 10 };

        var arranged = BusinessRules.Apply(ranked, rules, a => a);

        Assert.Equal(ranked.OrderBy(a => a.Title), arranged.OrderBy(a => a.Title));
        for (var place = 0; place < arranged.Count; place++)
        {
            Assert.True(BusinessRules.Fits(arranged[place], arranged[..place], rules), $"rule broken at place {place}");
            // An article placed above a better-ranked one only because that one would have broken a rule here.
            var rank = Array.IndexOf(ranked, arranged[place]);
            foreach (var better in ranked[..rank].Where(b => arranged.IndexOf(b) > place))
                Assert.False(BusinessRules.Fits(better, arranged[..place], rules), $"{better.Title} moved below {arranged[place].Title} without cause");
        }
    }
}
