namespace Recommender.Server.Tests.Api;

public sealed class FirstStartTests
{
    [Fact]
    public async Task A_first_start_with_samples_on_answers_from_the_sample_catalogue()
    {
        using var data = new TempDirectory();
        var newest = Catalogues.Sample().OrderByDescending(a => a.PubDate).First();

        await using var server = await RunningServer.StartAsync(data.Path, ["--Samples:LoadWhenEmpty=true"]);

        var related = await server.ListAsync($"/related?apikey={Catalogues.SampleSite}&url={Uri.EscapeDataString(newest.Url)}");
        Assert.Equal(10, related.Count);
        Assert.All(related, a => Assert.StartsWith("related to ‘" + newest.Title, a.Reason));
    }
}
