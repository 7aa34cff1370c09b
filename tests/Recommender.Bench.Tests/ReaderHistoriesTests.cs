using Recommender.Core.Profiles;

namespace Recommender.Bench.Tests;

public sealed class ReaderHistoriesTests : IDisposable
{
    const string Site = "news.example";
    readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reader-histories-");

    public void Dispose() => _directory.Delete(recursive: true);

    // Two sections of 1,000 articles; 400 readers read 5–40 articles each.
    static readonly (string Url, string Section)[] Catalogue =
        [.. Enumerable.Range(0, 2_000).Select(i => ($"https://{Site}/{i}", i % 2 == 0 ? "even" : "odd"))];

    async Task<List<string>> ReadsOf(ReadChoice choice)
    {
        using var store = new SqliteProfileStore(Path.Combine(_directory.FullName, choice.ToString()), new ProfileStoreOptions());
        var uuids = await ReaderHistories.TrainAsync(store, Site, Catalogue, 400, DateTimeOffset.UtcNow, choice);
        var reads = new List<string>();
        foreach (var uuid in uuids)
            reads.AddRange((await store.GetAsync(Site, uuid, int.MaxValue, CancellationToken.None)).Select(e => e.Url));
        return reads;
    }

    static double ShareOfTheMostReadTenth(List<string> reads)
    {
        var counts = reads.CountBy(url => url).Select(c => c.Value).OrderDescending().ToList();
        return (double)counts.Take(Catalogue.Length / 10).Sum() / reads.Count;
    }

    [Fact]
    public async Task Popular_reads_crowd_onto_a_tenth_of_the_articles_as_real_histories_do_and_uniform_reads_do_not()
    {
        var uniform = await ReadsOf(ReadChoice.Uniform);
        var popular = await ReadsOf(ReadChoice.Popular);

        // 1 / r^0.8 over 1,000 articles a section gives the top tenth 0.53 of the reads (a reader's repeated read of one
        // article is one profile entry, so a little less here); evenly, a tenth gets ~0.1 (a little more, as the most
        // read of a random draw).
        Assert.InRange(ShareOfTheMostReadTenth(popular), 0.45, 0.60);
        Assert.InRange(ShareOfTheMostReadTenth(uniform), 0.10, 0.25);
    }
}
