using Microsoft.Data.Sqlite;
using Recommender.Core.Profiles;

namespace Recommender.Core.Tests.Profiles;

public sealed class SqliteProfileStoreTests : ProfileStoreContract<SqliteProfileStore>
{
    readonly string _directory = Directory.CreateTempSubdirectory("profiles-").FullName;

    protected override SqliteProfileStore OpenStore(ProfileStoreOptions options, TimeProvider clock) =>
        new(_directory, options, clock);

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A connection of its own to the store's file, outside the store, to look at what is really stored.</summary>
    SqliteConnection OpenDatabaseFile()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, SqliteProfileStore.FileName)};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Rows the database file holds for a reader, looked at directly: expiry must delete them, not only hide them.</summary>
    long StoredRows(string uuid)
    {
        using var connection = OpenDatabaseFile();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM entries WHERE uuid = $uuid) + (SELECT count(*) FROM readers WHERE uuid = $uuid)";
        command.Parameters.AddWithValue("$uuid", uuid);
        return (long)command.ExecuteScalar()!;
    }

    static readonly ProfileStoreOptions ThirtyDays = new() { ExpireAfterInactivity = TimeSpan.FromDays(30) };

    [Fact]
    public async Task Expired_readers_are_purged_from_the_file_at_open()
    {
        var store = Open(ThirtyDays);
        await store.TrainAsync("site", "old", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        await store.TrainAsync("site", "recent", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        store.Dispose();
        Clock.Advance(TimeSpan.FromDays(20));
        var reopened = Open(ThirtyDays);
        await reopened.TrainAsync("site", "recent", "https://news.example/b", Clock.GetUtcNow(), 1, CancellationToken.None);
        reopened.Dispose();
        Clock.Advance(TimeSpan.FromDays(20));

        Open(ThirtyDays);

        Assert.Equal(0, StoredRows("old"));
        Assert.Equal(3, StoredRows("recent"));
    }

    [Fact]
    public async Task Expired_readers_are_purged_from_the_file_by_a_later_training()
    {
        var store = Open(ThirtyDays);
        await store.TrainAsync("site", "old", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, StoredRows("old"));

        await store.TrainAsync("site", "other", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);

        Assert.Equal(0, StoredRows("old"));
    }

    [Fact]
    public void Options_that_cannot_work_are_rejected_at_open()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(new ProfileStoreOptions { MaxEntriesPerReader = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.Zero }));
    }

    [Fact]
    public void The_database_file_is_in_wal_mode()
    {
        Open();
        using var connection = OpenDatabaseFile();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Reads_use_the_newest_first_index()
    {
        var store = Open();
        await store.TrainAsync("site", "reader", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        using var connection = OpenDatabaseFile();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteProfileStore.ReadSql;
        foreach (var name in new[] { "$site", "$uuid", "$cutoff", "$limit" }) command.Parameters.AddWithValue(name, 0);
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));

        Assert.Contains(plan, step => step.Contains("entries_newest_first"));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE"));
    }

    [Fact]
    public async Task Reads_at_once_each_get_their_own_reader_from_the_compiled_statements_they_share()
    {
        var store = Open();
        var readers = Enumerable.Range(0, 40).Select(n => $"reader-{n}").ToArray();
        foreach (var (reader, n) in readers.Select((r, n) => (r, n)))
        {
            for (var read = 0; read <= n % 5; read++)
                await store.TrainAsync("site", reader, $"https://news.example/{reader}/{read}", Clock.GetUtcNow(), 1, CancellationToken.None);
        }

        var profiles = await Task.WhenAll(Enumerable.Range(0, 400).Select(n => Task.Run(() =>
            store.ReadAsync("site", readers[n % readers.Length], 100, CancellationToken.None))));

        foreach (var (profile, n) in profiles.Select((p, n) => (p, n)))
        {
            var reader = readers[n % readers.Length];
            Assert.Equal(n % readers.Length % 5 + 1, profile.Entries.Count);
            Assert.All(profile.Entries, entry => Assert.StartsWith($"https://news.example/{reader}/", entry.Url));
        }
    }
}
