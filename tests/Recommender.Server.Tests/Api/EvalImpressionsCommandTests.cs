namespace Recommender.Server.Tests.Api;

/// <summary><c>recommender eval impressions</c> as a process, on a tiny MIND-layout folder of our own.</summary>
public sealed class EvalImpressionsCommandTests : IDisposable
{
    readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    void WriteNews() => File.WriteAllLines(data.File("news.tsv"),
    [
        "N1\tsport\tfootball\tRovers win the cup final\tThe cup final went to penalties after a goalless match.\t\t[]\t[]",
        "N2\tsport\tfootball\tRovers reach the cup semi final\tA late goal sent the Rovers into the cup semi final.\t\t[]\t[]",
        "N3\tsport\tfootball\tCup final tickets sell out\tTickets for the cup final sold out within an hour of going on sale.\t\t[]\t[]",
        "N4\tnews\tbusiness\tBank holds interest rates\tThe reserve bank held interest rates for a third month.\t\t[]\t[]",
        "N5\tnews\tbusiness\tLenders cut mortgage rates\tMortgage lenders cut fixed rates after the bank held interest rates.\t\t[]\t[]",
        // Others, so that the words of one topic are not in half the catalogue (which the profile query leaves out).
        "N6\tnews\tscience\tLander nears Mars\tThe lander is a month from Mars.\t\t[]\t[]",
        "N7\tnews\tweather\tStorm closes the coast road\tA storm closed the coast road overnight.\t\t[]\t[]",
        "N8\tnews\tculture\tFilm festival opens\tThe film festival opened with a documentary.\t\t[]\t[]",
        "N9\tnews\tscience\tSea temperatures set a record\tSea temperatures set an autumn record.\t\t[]\t[]",
    ]);

    [Fact]
    public async Task A_log_with_an_empty_time_column_is_scored_as_one_moment()
    {
        WriteNews();
        File.WriteAllLines(data.File("behaviors.tsv"),
        [
            "1\tU1\t\tN1 N2\tN3-1 N5-0",
            "2\tU2\t\tN4\tN3-0 N5-1",
            "3\tU3\t\tN4\tN3-0 N5-0",
        ]);

        using var eval = RecommenderProcess.Start("eval", "impressions", data.Path, "--seed", "3");

        Assert.True(await eval.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, eval.Output);
        Assert.Contains("Impressions scored: 2 (0 of them with no history read in the catalogue); skipped: 1", eval.Output);
        Assert.Contains("1 skipped: no click", eval.Output);
        // Both readers' clicks follow their reads: the lexical ranking gets both right.
        Assert.Matches(@"lexical\s+│\s+1\.000\s+│\s+1\.000", eval.Output);
        // Each reader's click counted only from the others' impressions, where the other candidate was clicked: AUC 0.
        Assert.Matches(@"popularity\s+│\s+0\.000", eval.Output);
    }

    [Fact]
    public async Task A_log_of_which_nothing_can_be_read_is_an_error()
    {
        WriteNews();
        File.WriteAllLines(data.File("behaviors.tsv"), ["not a behaviors line", "1\tU1"]);

        using var eval = RecommenderProcess.Start("eval", "impressions", data.File("behaviors.tsv"));

        Assert.NotEqual(0, await eval.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("No impression could be read", eval.Output);
    }
}
