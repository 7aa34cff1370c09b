using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Profiles;

namespace Recommender.Core.Tests.Profiles;

/// <summary>
/// The behaviour every <see cref="IProfileStore"/> must have. A store's test class derives from this and
/// says how to open the store on its storage; every open of one test instance sees the same storage.
/// </summary>
public abstract class ProfileStoreContract<TStore> : IDisposable where TStore : IProfileStore, IDisposable
{
    const string Site = "site-a";
    const string Reader = "reader-1";
    static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    protected readonly FakeTimeProvider Clock = new(Start);
    readonly List<TStore> _opened = [];

    /// <summary>Opens the store on this test's storage, which survives the store being disposed.</summary>
    protected abstract TStore OpenStore(ProfileStoreOptions options, TimeProvider clock);

    protected TStore Open(ProfileStoreOptions? options = null)
    {
        var store = OpenStore(options ?? new ProfileStoreOptions(), Clock);
        _opened.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
        GC.SuppressFinalize(this);
    }

    static string Article(int n) => $"https://news.example/article-{n}";

    static Task<int> Train(IProfileStore store, string url, DateTimeOffset time, double weight = 1, string site = Site, string reader = Reader) =>
        store.TrainAsync(site, reader, url, time, weight, CancellationToken.None);

    static Task<IReadOnlyList<ProfileEntry>> Get(IProfileStore store, int limit = 100, string site = Site, string reader = Reader) =>
        store.GetAsync(site, reader, limit, CancellationToken.None);

    static Task<long> Version(IProfileStore store, string site = Site, string reader = Reader) =>
        store.VersionAsync(site, reader, CancellationToken.None);

    [Fact]
    public async Task Unknown_reader_has_an_empty_profile_and_version_zero()
    {
        var store = Open();
        Assert.Empty(await Get(store));
        Assert.Equal(0, await Version(store));
        Assert.False(await store.DeleteAsync(Site, Reader, CancellationToken.None));
    }

    [Fact]
    public async Task Get_returns_entries_newest_first_with_their_time_and_weight()
    {
        var store = Open();
        Assert.Equal(1, await Train(store, Article(1), Start.AddMinutes(1)));
        Assert.Equal(2, await Train(store, Article(2), Start.AddMinutes(3), weight: 3));
        Assert.Equal(3, await Train(store, Article(3), Start.AddMinutes(2), weight: 0.5));

        Assert.Equal(
            [
                new ProfileEntry(Article(2), Start.AddMinutes(3), 3),
                new ProfileEntry(Article(3), Start.AddMinutes(2), 0.5),
                new ProfileEntry(Article(1), Start.AddMinutes(1), 1),
            ],
            await Get(store));
        Assert.Equal([Article(2), Article(3)], (await Get(store, limit: 2)).Select(e => e.Url));
    }

    [Fact]
    public async Task Training_many_reads_at_once_gives_the_profiles_of_training_them_one_by_one()
    {
        Training[] reads =
        [
            new(Site, Reader, Article(1), Start.AddMinutes(1), 1),
            new(Site, "reader-2", Article(1), Start.AddMinutes(2), 1),
            new(Site, Reader, Article(2), Start.AddMinutes(3), 3),
            // The same URL again: the later time and the larger weight, as TrainAsync keeps them.
            new(Site, Reader, Article(1), Start.AddMinutes(4), 0.5),
        ];
        var many = Open();
        await many.TrainManyAsync(reads, CancellationToken.None);
        await many.TrainManyAsync([], CancellationToken.None);

        Assert.Equal(
            [new ProfileEntry(Article(1), Start.AddMinutes(4), 1), new ProfileEntry(Article(2), Start.AddMinutes(3), 3)],
            await Get(many));
        Assert.Equal([new ProfileEntry(Article(1), Start.AddMinutes(2), 1)], await Get(many, reader: "reader-2"));
        Assert.NotEqual(0, await Version(many, reader: "reader-2"));
        await Assert.ThrowsAsync<ArgumentException>(() => many.TrainManyAsync([new(Site, "", Article(3), Start, 1)], CancellationToken.None));
    }

    [Fact]
    public async Task Times_are_returned_in_utc_to_the_tick()
    {
        var store = Open();
        var local = new DateTimeOffset(2026, 11, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        await Train(store, Article(1), local);

        var entry = Assert.Single(await Get(store));
        Assert.Equal(TimeSpan.Zero, entry.Time.Offset);
        Assert.Equal(local.UtcTicks, entry.Time.UtcTicks);
    }

    [Fact]
    public async Task Retraining_a_url_moves_it_to_the_front_without_a_duplicate_and_keeps_the_larger_weight()
    {
        var store = Open();
        await Train(store, Article(1), Start.AddMinutes(1), weight: 2);
        await Train(store, Article(2), Start.AddMinutes(2));

        Assert.Equal(2, await Train(store, Article(1), Start.AddMinutes(3), weight: 1));

        Assert.Equal(
            [new ProfileEntry(Article(1), Start.AddMinutes(3), 2), new ProfileEntry(Article(2), Start.AddMinutes(2), 1)],
            await Get(store));
    }

    [Fact]
    public async Task A_late_event_for_a_known_url_does_not_move_it_back()
    {
        var store = Open();
        await Train(store, Article(1), Start.AddMinutes(5));
        await Train(store, Article(2), Start.AddMinutes(3));

        await Train(store, Article(1), Start.AddMinutes(1), weight: 4);

        Assert.Equal(
            [new ProfileEntry(Article(1), Start.AddMinutes(5), 4), new ProfileEntry(Article(2), Start.AddMinutes(3), 1)],
            await Get(store));
    }

    [Fact]
    public async Task Training_beyond_the_bound_drops_the_oldest_entries()
    {
        var store = Open(new ProfileStoreOptions { MaxEntriesPerReader = 3 });
        // Trained out of time order: which entry goes is decided by its time, not by when it arrived.
        int[] minutes = [4, 1, 5, 2, 3];
        var sizes = new List<int>();
        foreach (var minute in minutes) sizes.Add(await Train(store, Article(minute), Start.AddMinutes(minute)));

        Assert.Equal([1, 2, 3, 3, 3], sizes);
        Assert.Equal([Article(5), Article(4), Article(3)], (await Get(store)).Select(e => e.Url));
    }

    [Fact]
    public async Task A_reader_inactive_longer_than_the_expiry_is_gone_and_starts_afresh()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) });
        await Train(store, Article(1), Start);
        await Train(store, Article(2), Start, reader: "reader-2");

        Clock.Advance(TimeSpan.FromDays(29));
        await Train(store, Article(3), Clock.GetUtcNow(), reader: "reader-2");
        Assert.Single(await Get(store));

        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await Get(store));
        Assert.Equal(0, await Version(store));
        Assert.Equal(2, (await Get(store, reader: "reader-2")).Count);

        Assert.Equal(1, await Train(store, Article(4), Clock.GetUtcNow()));
        Assert.Equal([Article(4)], (await Get(store)).Select(e => e.Url));
    }

    [Fact]
    public async Task An_expiry_of_TimeSpan_MaxValue_never_expires()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.MaxValue });
        await Train(store, Article(1), Start);
        Clock.Advance(TimeSpan.FromDays(3650));

        Assert.Single(await Get(store));
        Assert.NotEqual(0, await Version(store));
    }

    [Fact]
    public async Task Deleting_an_expired_reader_reports_no_profile()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) });
        await Train(store, Article(1), Start);
        Clock.Advance(TimeSpan.FromDays(31));

        Assert.False(await store.DeleteAsync(Site, Reader, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_forgets_the_reader_and_leaves_other_readers_and_sites_alone()
    {
        var store = Open();
        await Train(store, Article(1), Start);
        await Train(store, Article(2), Start);
        await Train(store, Article(1), Start, reader: "reader-2");
        await Train(store, Article(1), Start, site: "site-b");

        Assert.True(await store.DeleteAsync(Site, Reader, CancellationToken.None));

        Assert.Empty(await Get(store));
        Assert.Equal(0, await Version(store));
        Assert.Single(await Get(store, reader: "reader-2"));
        Assert.Single(await Get(store, site: "site-b"));
        Assert.False(await store.DeleteAsync(Site, Reader, CancellationToken.None));
    }

    [Fact]
    public async Task Version_changes_on_every_train_and_delete_and_never_repeats_for_other_content()
    {
        var store = Open();
        var seen = new List<long> { await Version(store) };

        await Train(store, Article(1), Start);
        seen.Add(await Version(store));
        await Train(store, Article(1), Start);
        seen.Add(await Version(store));
        await Train(store, Article(2), Start, reader: "reader-2");
        Assert.Equal(seen[^1], await Version(store));
        await store.DeleteAsync(Site, Reader, CancellationToken.None);
        var afterDelete = await Version(store);
        await Train(store, Article(2), Start);
        seen.Add(await Version(store));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.NotEqual(seen[^2], afterDelete);
    }

    [Fact]
    public async Task Read_gives_the_version_and_the_entries_of_one_moment_and_nothing_for_a_reader_gone()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) });
        Assert.Equal((0L, 0), await Read(store));

        await Train(store, Article(1), Start.AddMinutes(1));
        await Train(store, Article(2), Start.AddMinutes(2), weight: 3);
        await Train(store, Article(3), Start.AddMinutes(1), reader: "reader-2");
        var profile = await store.ReadAsync(Site, Reader, 100, CancellationToken.None);
        Assert.Equal(await Version(store), profile.Version);
        Assert.Equal(await Get(store), profile.Entries);
        Assert.Equal([Article(2)], (await store.ReadAsync(Site, Reader, 1, CancellationToken.None)).Entries.Select(e => e.Url));
        // A limit of 0 still reads the version: the key of a cached answer needs it, not the entries.
        Assert.Equal((profile.Version, 0), await Read(store, limit: 0));

        await Train(store, Article(3), Start.AddMinutes(3));
        Assert.NotEqual(profile.Version, (await Read(store)).Version);
        Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal((0L, 0), await Read(store));
        await Train(store, Article(4), Clock.GetUtcNow());
        await store.DeleteAsync(Site, Reader, CancellationToken.None);
        Assert.Equal((0L, 0), await Read(store));
    }

    static async Task<(long Version, int Entries)> Read(IProfileStore store, int limit = 100)
    {
        var profile = await store.ReadAsync(Site, Reader, limit, CancellationToken.None);
        return (profile.Version, profile.Entries.Count);
    }

    [Fact]
    public async Task Profiles_survive_dispose_and_reopen()
    {
        var store = Open();
        await Train(store, Article(1), Start.AddMinutes(1), weight: 2);
        await Train(store, Article(2), Start.AddMinutes(2));
        var version = await Version(store);
        var before = await Get(store);
        store.Dispose();

        var reopened = Open();

        Assert.Equal(before, await Get(reopened));
        Assert.Equal(version, await Version(reopened));
        await Train(reopened, Article(3), Start.AddMinutes(3));
        Assert.NotEqual(version, await Version(reopened));
    }

    [Fact]
    public async Task Concurrent_trainings_of_one_reader_lose_nothing()
    {
        const int Writers = 8, PerWriter = 25;
        var store = Open();
        var sizes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var mine = new List<int>();
            for (var i = 0; i < PerWriter; i++)
            {
                var n = writer * PerWriter + i;
                mine.Add(await Train(store, Article(n), Start.AddSeconds(n)));
                await Get(store, limit: 20);
            }
            return mine;
        })));

        // Every training saw a different profile size: none overwrote another's.
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter), sizes.SelectMany(s => s).Order());
        var entries = await Get(store, limit: 1000);
        Assert.Equal(Enumerable.Range(0, Writers * PerWriter).Reverse().Select(Article), entries.Select(e => e.Url));
    }

    [Theory]
    [InlineData("", Reader, "https://news.example/a", 1.0)]
    [InlineData(Site, "", "https://news.example/a", 1.0)]
    [InlineData(Site, Reader, "", 1.0)]
    [InlineData(Site, Reader, "https://news.example/a", 0.0)]
    [InlineData(Site, Reader, "https://news.example/a", -1.0)]
    [InlineData(Site, Reader, "https://news.example/a", double.NaN)]
    [InlineData(Site, Reader, "https://news.example/a", double.PositiveInfinity)]
    public async Task Invalid_trainings_are_rejected_and_store_nothing(string site, string reader, string url, double weight)
    {
        var store = Open();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TrainAsync(site, reader, url, Start, weight, CancellationToken.None));
        Assert.Equal(0, await Version(store));
    }

    [Fact]
    public async Task A_negative_limit_is_rejected()
    {
        var store = Open();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(Site, Reader, -1, CancellationToken.None));
        Assert.Empty(await Get(store, limit: 0));
    }

    /// <summary>Every page of the site's readers active since <paramref name="since"/>, paged <paramref name="pageSize"/> at a time.</summary>
    static async Task<List<ActiveReader>> AllActive(IProfileStore store, DateTimeOffset since, int pageSize, string site = Site)
    {
        var all = new List<ActiveReader>();
        while (true)
        {
            var page = await store.ActiveReadersAsync(site, since, all.LastOrDefault(), pageSize, CancellationToken.None);
            Assert.InRange(page.Count, 0, pageSize);
            all.AddRange(page);
            if (page.Count < pageSize) return all;
        }
    }

    [Fact]
    public async Task Active_readers_are_listed_least_recently_active_first_in_pages_from_the_window_only()
    {
        var store = Open();
        // Readers 0-2 trained at Start, 3-6 a day later, 7 two days later; several share a time, so the pages split ties by uuid.
        for (var n = 0; n < 8; n++)
        {
            Clock.SetUtcNow(Start.AddDays(n < 3 ? 0 : n < 7 ? 1 : 2));
            await Train(store, Article(n), Clock.GetUtcNow(), reader: $"reader-{n}");
        }
        await Train(store, Article(1), Clock.GetUtcNow(), site: "site-b", reader: "reader-of-b");

        var sinceDayOne = await AllActive(store, Start.AddDays(1), pageSize: 2);

        Assert.Equal(["reader-3", "reader-4", "reader-5", "reader-6", "reader-7"], sinceDayOne.Select(r => r.Uuid));
        Assert.Equal([.. Enumerable.Repeat(Start.AddDays(1), 4), Start.AddDays(2)], sinceDayOne.Select(r => r.LastActive));
        Assert.Equal(sinceDayOne, await AllActive(store, Start.AddDays(1), pageSize: 1000));
        Assert.Equal(8, (await AllActive(store, Start, pageSize: 3)).Count);
        Assert.Empty(await AllActive(store, Start.AddDays(3), pageSize: 3));
    }

    [Fact]
    public async Task A_reader_trained_while_paging_moves_to_the_end_and_is_never_missed_and_deleted_or_expired_readers_are_not_listed()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) });
        for (var n = 0; n < 4; n++)
        {
            Clock.SetUtcNow(Start.AddMinutes(n));
            await Train(store, Article(n), Clock.GetUtcNow(), reader: $"reader-{n}");
        }
        var first = await store.ActiveReadersAsync(Site, Start, null, 2, CancellationToken.None);
        Assert.Equal(["reader-0", "reader-1"], first.Select(r => r.Uuid));

        // The cursor's own reader and a later one train again between two pages; another is deleted.
        Clock.SetUtcNow(Start.AddMinutes(10));
        await Train(store, Article(9), Clock.GetUtcNow(), reader: "reader-1");
        await Train(store, Article(9), Clock.GetUtcNow(), reader: "reader-2");
        await store.DeleteAsync(Site, "reader-3", CancellationToken.None);
        var rest = await store.ActiveReadersAsync(Site, Start, first[^1], 10, CancellationToken.None);

        Assert.Equal(["reader-1", "reader-2"], rest.Select(r => r.Uuid));
        Assert.All(rest, r => Assert.Equal(Start.AddMinutes(10), r.LastActive));

        // Past the expiry of all but the two trained last, however early the window starts.
        Clock.SetUtcNow(Start.AddDays(30).AddMinutes(5));
        Assert.Equal(["reader-1", "reader-2"], (await AllActive(store, DateTimeOffset.MinValue, pageSize: 10)).Select(r => r.Uuid));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProfileArguments.MaxReadersPage + 1)]
    public async Task A_page_of_readers_is_bounded(int limit)
    {
        var store = Open();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ActiveReadersAsync(Site, Start, null, limit, CancellationToken.None));
    }
}
