using System.Net;

namespace Recommender.Server.Tests.Api;

/// <summary>Search box queries that expand to many terms: capped at the parser, answered 400 naming <c>q</c>.</summary>
public sealed class QueryBombTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    const string Site = Catalogues.SampleSite;

    public static TheoryData<string> Bombs =>
    [
        // Both within the 500 characters a query may have.
        string.Join(' ', Enumerable.Repeat("ab~", 125)),
        string.Join(' ', Enumerable.Repeat("a?*?*?*", 60)),
        string.Join(' ', Enumerable.Range(0, 11).Select(i => $"ma{i}*")),
        "a*",
        "m?rs",
    ];

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_query_with_too_many_or_unprefixed_fuzzy_and_wildcard_words_is_a_400_naming_q(string q)
    {
        using var response = await fixture.Server.Client.GetAsync($"/search?apikey={Site}&q={Uri.EscapeDataString(q)}");

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task A_few_prefixed_fuzzy_and_wildcard_words_still_search()
    {
        var article = fixture.Article("lindmoor-rovers-win-cup-final-penalties");

        var hits = await fixture.Server.ListAsync($"/search?apikey={Site}&q={Uri.EscapeDataString("lindm* rovrs~ pen?lties")}");

        Assert.Contains(article.Url, hits.Select(h => h.Url));
    }
}
