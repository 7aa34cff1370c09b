using Recommender.Core.Profiles;

namespace Recommender.Bench;

/// <summary>
/// Simulated readers, trained into a profile store before a run: each follows one or two sections and read
/// 5–40 of their articles at times spread over the last week. Seeded, so every run has the same readers.
/// </summary>
public static class ReaderHistories
{
    const int Seed = 7;

    public static async Task<string[]> TrainAsync(IProfileStore store, string site, IReadOnlyList<(string Url, string Section)> catalogue,
        int readers, DateTimeOffset now)
    {
        var random = new Random(Seed);
        var bySection = catalogue.GroupBy(a => a.Section).ToDictionary(g => g.Key, g => g.Select(a => a.Url).ToArray());
        var sections = bySection.Keys.Order().ToArray();
        var uuids = new string[readers];
        for (var r = 0; r < readers; r++)
        {
            uuids[r] = $"reader-{r:D5}";
            var interests = Enumerable.Range(0, random.Next(1, 3)).Select(_ => bySection[sections[random.Next(sections.Length)]]).ToArray();
            var reads = random.Next(5, 41);
            for (var i = 0; i < reads; i++)
            {
                var urls = interests[random.Next(interests.Length)];
                var time = now - TimeSpan.FromSeconds(random.Next(7 * 24 * 3600));
                await store.TrainAsync(site, uuids[r], urls[random.Next(urls.Length)], time, 1.0, CancellationToken.None);
            }
        }
        return uuids;
    }
}
