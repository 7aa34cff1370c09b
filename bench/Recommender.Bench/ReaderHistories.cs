using Recommender.Core.Profiles;

namespace Recommender.Bench;

/// <summary>How simulated readers pick the articles they read within their sections.</summary>
public enum ReadChoice
{
    /// <summary>Every article of a section alike: few readers share a read, so nearly every read is a seed no one
    /// asked about before. The worst case for the per-article caches.</summary>
    Uniform,

    /// <summary>By popularity: the article ranked r in its section (a seeded order) is read in proportion to
    /// 1 / r^0.8, which gives the top tenth of a 20,000-article section (the 100k catalogue's) 58 % of its reads.
    /// MIND's reading histories give the top tenth of the articles read 60 % of 138,932 reads (4,637 readers of
    /// `mind-fragment/behaviors.tsv`).</summary>
    Popular,
}

/// <summary>
/// Simulated readers, trained into a profile store before a run: each follows one or two sections and read
/// 5–40 of their articles at times spread over the last week. Seeded, so every run has the same readers.
/// </summary>
public static class ReaderHistories
{
    const int Seed = 7;
    const double PopularityExponent = 0.8;
    const int TrainingBatch = 2_000;

    public static async Task<string[]> TrainAsync(IProfileStore store, string site, IReadOnlyList<(string Url, string Section)> catalogue,
        int readers, DateTimeOffset now, ReadChoice choice = ReadChoice.Uniform)
    {
        var random = new Random(Seed);
        var bySection = catalogue.GroupBy(a => a.Section).ToDictionary(g => g.Key, g => g.Select(a => a.Url).ToArray());
        var sections = bySection.Keys.Order().ToArray();
        var pick = choice == ReadChoice.Popular ? ByPopularity(bySection, new Random(Seed)) : (urls => urls[random.Next(urls.Length)]);
        var uuids = new string[readers];
        // Trained in batches, one transaction each, in the same order as one training at a time: the same profiles
        // and the same order of last training, without a commit a read (5,000 readers' 112,000 reads took 53 s one
        // commit each, which made 50,000 readers' training ~9 minutes).
        var batch = new List<Training>(TrainingBatch);
        for (var r = 0; r < readers; r++)
        {
            uuids[r] = $"reader-{r:D5}";
            var interests = Enumerable.Range(0, random.Next(1, 3)).Select(_ => bySection[sections[random.Next(sections.Length)]]).ToArray();
            var reads = random.Next(5, 41);
            for (var i = 0; i < reads; i++)
            {
                var urls = interests[random.Next(interests.Length)];
                var time = now - TimeSpan.FromSeconds(random.Next(7 * 24 * 3600));
                batch.Add(new Training(site, uuids[r], pick(urls), time, 1.0));
            }
            if (batch.Count >= TrainingBatch || r == readers - 1)
            {
                await store.TrainManyAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
        return uuids;

        // Each section's articles in a seeded order with the cumulative weights of their ranks; a read draws a rank.
        Func<string[], string> ByPopularity(Dictionary<string, string[]> sectionUrls, Random order)
        {
            var ranked = sectionUrls.Values.ToDictionary(urls => urls, urls =>
            {
                var shuffled = urls.ToArray();
                order.Shuffle(shuffled);
                var cumulative = new double[shuffled.Length];
                for (var rank = 0; rank < shuffled.Length; rank++)
                    cumulative[rank] = (rank == 0 ? 0 : cumulative[rank - 1]) + 1 / Math.Pow(rank + 1, PopularityExponent);
                return (Urls: shuffled, Cumulative: cumulative);
            });
            return urls =>
            {
                var (shuffled, cumulative) = ranked[urls];
                var at = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
                return shuffled[Math.Min(at < 0 ? ~at : at, shuffled.Length - 1)];
            };
        }
    }
}
