using System.Text.Json;
using Recommender.Core.Articles;

namespace Recommender.Server.Tests.Api;

/// <summary>Through /related: one article per story unless stories=all, and a place for a just-published article.</summary>
public sealed class StoryTests : IAsyncLifetime
{
    const string Site = "stories.example";
    readonly TempDirectory data = new();
    RunningServer server = null!;

    static string Url(string path) => $"https://{Site}/{path}";

    static string Line(string path, TimeSpan age, string title, string text) => JsonSerializer.Serialize(new ArticleJson
    {
        Url = Url(path), Title = title, Text = text, PubDate = RunningServer.Start - age,
    }, ArticleJson.Options);

    public async Task InitializeAsync()
    {
        string[] lines =
        [
            Line("guide", TimeSpan.FromDays(40), "A guide to the tidal barrage on the Severn",
                "The Severn tidal barrage would hold back the estuary's tide behind sluice gates and turbines, " +
                "and a lagoon at Swansea would do the same on a smaller scale. Engineers say the turbines could light millions of homes."),
            Line("barrage-approved", TimeSpan.FromDays(20), "Severn tidal barrage approved by ministers",
                "Ministers approved the Severn tidal barrage on Tuesday. The barrage of sluice gates and turbines across the estuary " +
                "will be built by 2035, and engineers expect its turbines to light two million homes."),
            Line("barrage-approved-reaction", TimeSpan.FromDays(20) - TimeSpan.FromHours(3), "Severn tidal barrage approved: what it means",
                "After ministers approved the Severn tidal barrage, engineers said its sluice gates and turbines across the estuary " +
                "would be built by 2035 and light two million homes, while birds of the estuary lose mudflats."),
            Line("lagoon-cancelled", TimeSpan.FromDays(5), "Swansea tidal lagoon cancelled",
                "The Swansea tidal lagoon was cancelled after its turbines were judged too costly; the lagoon's sea wall will not be built."),
            .. Enumerable.Range(0, 6).Select(i => Line($"concert-{i}", TimeSpan.FromDays(3 * i), $"Choir concert number {i}",
                "The town choir sang carols in the cathedral; the concert raised money for the hospice and the organist played a fugue.")),
            Line("just-published", TimeSpan.FromHours(1), "Estuary birds counted",
                "Volunteers counted wading birds on the estuary at low tide; the count happens every winter."),
        ];
        Catalogues.Import(data.Path, Site, lines);
        // A fifth of each page for articles published in the last six hours.
        server = await RunningServer.StartAsync(data.Path, [$"--Sites:{Site}:AllowedHosts:0={Site}", $"--Sites:{Site}:FreshSlots:Share=0.2", $"--Sites:{Site}:FreshSlots:Hours=6"]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    Task<IReadOnlyList<ListedArticle>> RelatedAsync(string extra) =>
        server.ListAsync($"/related?apikey={Site}&url={Uri.EscapeDataString(Url("guide"))}{extra}");

    [Fact]
    public async Task Two_articles_of_one_story_show_as_one_unless_every_article_is_asked_for()
    {
        string[] story = [Url("barrage-approved"), Url("barrage-approved-reaction")];

        var best = await RelatedAsync("&limit=10");
        var all = await RelatedAsync("&limit=10&stories=all");

        Assert.Single(best, a => story.Contains(a.Url));
        Assert.Equal(2, all.Count(a => story.Contains(a.Url)));
        Assert.Contains(best, a => a.Url == Url("lagoon-cancelled"));
    }

    [Fact]
    public async Task A_just_published_article_that_matches_the_page_takes_the_sites_share_of_places_and_says_it_is_new()
    {
        Assert.DoesNotContain(await RelatedAsync("&limit=5&stories=all"), a => a.Url == Url("just-published") && !a.Reason.EndsWith("new"));
        // 20 %: one place of five.
        var answer = await RelatedAsync("&limit=5");

        var fresh = Assert.Single(answer, a => a.Url == Url("just-published"));
        Assert.EndsWith("new", fresh.Reason);
        Assert.StartsWith("related to ‘A guide to the tidal barrage on the Severn’", fresh.Reason);
    }
}
