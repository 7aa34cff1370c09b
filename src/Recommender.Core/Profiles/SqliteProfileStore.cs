using Microsoft.Data.Sqlite;
using Recommender.Core.Storage;

namespace Recommender.Core.Profiles;

/// <summary>
/// The embedded profile store: one SQLite database file in a directory of the data directory
/// (e.g. <c>./data/profiles/profiles.db</c>).
/// </summary>
/// <remarks>
/// Durability: the database runs in WAL mode with <c>synchronous = NORMAL</c>. A committed training is
/// in the WAL file (in the OS page cache) before the task completes, so it survives the process being
/// killed (kill -9) and restarted. It is not fsynced on every commit, so a power loss or OS crash can
/// lose the last trainings before a checkpoint (the database stays consistent). <c>FULL</c> would
/// survive power loss too, at one fsync per training, which would cap a busy server's training rate at
/// the disk's fsync rate; losing a few seconds of reading history on power loss is the better trade.
///
/// Concurrency: writes go through one connection under a lock (SQLite admits one writer at a time
/// anyway, and this avoids busy retries); reads take pooled connections of their own and run in
/// parallel with each other and with the writer, as WAL allows.
///
/// Expiry: reads and trainings ignore a reader whose last training is older than the expiry; the rows
/// are purged at open and then by the first training after each <see cref="SweepInterval"/>, so no
/// background timer is needed.
/// </remarks>
public sealed class SqliteProfileStore : IProfileStore, IDisposable
{
    public const string FileName = "profiles.db";

    static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    // synchronous is a setting of the connection, journal_mode one of the file: see the remarks above.
    const string OpenSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS readers (
            site TEXT NOT NULL,
            uuid TEXT NOT NULL,
            last_trained_ticks INTEGER NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (site, uuid)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS readers_by_last_trained ON readers (last_trained_ticks);
        -- ActiveReadersAsync: one range scan per page, in the page's order.
        CREATE INDEX IF NOT EXISTS readers_by_site_activity ON readers (site, last_trained_ticks, uuid);
        CREATE TABLE IF NOT EXISTS entries (
            site TEXT NOT NULL,
            uuid TEXT NOT NULL,
            url TEXT NOT NULL,
            time_ticks INTEGER NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (site, uuid, url)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS entries_newest_first ON entries (site, uuid, time_ticks DESC);
        -- One counter for the whole store, so a reader's version never repeats, even across a delete.
        CREATE TABLE IF NOT EXISTS last_version (value INTEGER NOT NULL);
        INSERT INTO last_version (value) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM last_version);
        """;

    // An expired reader's old entries go first, so that training it again starts a new profile.
    const string TrainSql = """
        DELETE FROM entries WHERE site = $site AND uuid = $uuid AND EXISTS
            (SELECT 1 FROM readers WHERE site = $site AND uuid = $uuid AND last_trained_ticks < $cutoff);
        UPDATE last_version SET value = value + 1;
        INSERT INTO readers (site, uuid, last_trained_ticks, version)
            VALUES ($site, $uuid, $now, (SELECT value FROM last_version))
            ON CONFLICT (site, uuid) DO UPDATE
            SET last_trained_ticks = excluded.last_trained_ticks, version = excluded.version;
        INSERT INTO entries (site, uuid, url, time_ticks, weight) VALUES ($site, $uuid, $url, $time, $weight)
            ON CONFLICT (site, uuid, url) DO UPDATE
            SET time_ticks = max(time_ticks, excluded.time_ticks), weight = max(weight, excluded.weight);
        DELETE FROM entries WHERE site = $site AND uuid = $uuid AND url IN
            (SELECT url FROM entries WHERE site = $site AND uuid = $uuid
             ORDER BY time_ticks DESC, url LIMIT -1 OFFSET $max);
        SELECT count(*) FROM entries WHERE site = $site AND uuid = $uuid;
        """;

    // The version on every row, so that one statement reads both; a live reader always has an entry (training adds
    // one, and at least one is kept), so no row means no profile, and a limit of 0 still reads one row for the version.
    internal const string ReadSql = """
        SELECT readers.version, entries.url, entries.time_ticks, entries.weight FROM readers
        JOIN entries ON entries.site = readers.site AND entries.uuid = readers.uuid
        WHERE readers.site = $site AND readers.uuid = $uuid AND readers.last_trained_ticks >= $cutoff
        ORDER BY entries.time_ticks DESC, entries.url
        LIMIT max($limit, 1);
        """;

    const string VersionSql = """
        SELECT version FROM readers WHERE site = $site AND uuid = $uuid AND last_trained_ticks >= $cutoff;
        """;

    const string ActiveReadersSql = """
        SELECT uuid, last_trained_ticks FROM readers
        WHERE site = $site AND last_trained_ticks >= $since AND (last_trained_ticks, uuid) > ($after_ticks, $after_uuid)
        ORDER BY last_trained_ticks, uuid
        LIMIT $limit;
        """;

    const string DeleteSql = """
        DELETE FROM entries WHERE site = $site AND uuid = $uuid;
        DELETE FROM readers WHERE site = $site AND uuid = $uuid RETURNING last_trained_ticks >= $cutoff;
        """;

    const string SweepSql = """
        DELETE FROM entries WHERE (site, uuid) IN
            (SELECT site, uuid FROM readers WHERE last_trained_ticks < $cutoff);
        DELETE FROM readers WHERE last_trained_ticks < $cutoff;
        """;

    readonly ProfileStoreOptions _options;
    readonly TimeProvider _clock;
    readonly SqliteFile _file;
    readonly SemaphoreSlim _writeLock = new(1, 1);
    readonly PreparedReads _preparedReads;
    DateTimeOffset _nextSweep;
    bool _disposed;

    /// <summary>Opens (or creates) the store in <paramref name="directory"/> and purges expired readers.</summary>
    public SqliteProfileStore(string directory, ProfileStoreOptions options, TimeProvider? clock = null)
    {
        options.Validate();
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _file = SqliteFile.Open(directory, FileName, OpenSql);
        _preparedReads = new PreparedReads(_file, ReadSql, ["$site", "$uuid", "$cutoff", "$limit"]);
        Sweep();
    }

    public async Task<int> TrainAsync(string site, string uuid, string url, DateTimeOffset time, double weight, CancellationToken ct)
    {
        var sizes = await TrainInOneTransactionAsync([new Training(site, uuid, url, time, weight)], ct);
        return sizes[0];
    }

    public Task TrainManyAsync(IReadOnlyList<Training> reads, CancellationToken ct) => TrainInOneTransactionAsync(reads, ct);

    /// <summary>The reads trained in one transaction (one commit, which is most of a single training's cost); each reader's profile size after its read.</summary>
    async Task<int[]> TrainInOneTransactionAsync(IReadOnlyList<Training> reads, CancellationToken ct)
    {
        foreach (var read in reads) ProfileArguments.ThrowIfInvalidTraining(read.Site, read.Uuid, read.Url, read.Weight);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sizes = new int[reads.Count];
        if (reads.Count == 0) return sizes;
        await _writeLock.WaitAsync(ct);
        try
        {
            if (_clock.GetUtcNow() >= _nextSweep) Sweep();
            using var transaction = _file.Writer.BeginTransaction();
            for (var i = 0; i < reads.Count; i++)
            {
                var read = reads[i];
                using var command = ReaderCommand(_file.Writer, TrainSql, read.Site, read.Uuid);
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$now", _clock.GetUtcNow().UtcTicks);
                command.Parameters.AddWithValue("$url", read.Url);
                command.Parameters.AddWithValue("$time", read.Time.UtcTicks);
                command.Parameters.AddWithValue("$weight", read.Weight);
                command.Parameters.AddWithValue("$max", _options.MaxEntriesPerReader);
                sizes[i] = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
            }
            transaction.Commit();
            return sizes;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<ProfileEntry>> GetAsync(string site, string uuid, int limit, CancellationToken ct) =>
        (await ReadAsync(site, uuid, limit, ct)).Entries;

    /// <remarks>
    /// Synchronous inside: Microsoft.Data.Sqlite's async calls run synchronously anyway, and the tasks and state machine
    /// around them were a share of every personalised request's read.
    /// </remarks>
    public Task<Profile> ReadAsync(string site, string uuid, int limit, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ProfileArguments.ThrowIfInvalidLimit(limit);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        var command = _preparedReads.Take();
        try
        {
            command.Parameters["$site"].Value = site;
            command.Parameters["$uuid"].Value = uuid;
            command.Parameters["$cutoff"].Value = ExpiryCutoffTicks();
            command.Parameters["$limit"].Value = limit;
            using var reader = command.ExecuteReader();
            var version = 0L;
            var entries = new List<ProfileEntry>();
            while (reader.Read())
            {
                version = reader.GetInt64(0);
                if (entries.Count < limit) entries.Add(new ProfileEntry(
                    reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), reader.GetDouble(3)));
            }
            return Task.FromResult(version == 0 ? Profile.None : new Profile(version, entries));
        }
        finally
        {
            _preparedReads.Return(command);
        }
    }

    public async Task<bool> DeleteAsync(string site, string uuid, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(ct);
        try
        {
            using var transaction = _file.Writer.BeginTransaction();
            using var command = ReaderCommand(_file.Writer, DeleteSql, site, uuid);
            command.Transaction = transaction;
            // A reader that had expired but was not purged yet did not have a profile any more.
            var hadProfile = await command.ExecuteScalarAsync(ct) is long alive && alive == 1;
            transaction.Commit();
            return hadProfile;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> VersionAsync(string site, string uuid, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = _file.OpenReader();
        using var command = ReaderCommand(connection, VersionSql, site, uuid);
        return await command.ExecuteScalarAsync(ct) is long version ? version : 0;
    }

    public async Task<IReadOnlyList<ActiveReader>> ActiveReadersAsync(string site, DateTimeOffset since, ActiveReader? after, int limit, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReadersPage(site, limit);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = _file.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = ActiveReadersSql;
        command.Parameters.AddWithValue("$site", site);
        // An expired reader is gone even before the sweep deletes its row.
        command.Parameters.AddWithValue("$since", Math.Max(since.UtcTicks, ExpiryCutoffTicks()));
        command.Parameters.AddWithValue("$after_ticks", after?.LastActive.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$after_uuid", after?.Uuid ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = await command.ExecuteReaderAsync(ct);
        var readers = new List<ActiveReader>();
        while (await reader.ReadAsync(ct))
            readers.Add(new ActiveReader(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
        return readers;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _preparedReads.Dispose();
        // Closes the pooled read connections too, so the file is released for a reopen or a delete.
        _file.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Deletes the readers whose last training is older than the expiry. Runs under the write lock or at open.</summary>
    void Sweep()
    {
        using var command = _file.Writer.CreateCommand();
        command.CommandText = SweepSql;
        command.Parameters.AddWithValue("$cutoff", ExpiryCutoffTicks());
        command.ExecuteNonQuery();
        _nextSweep = _clock.GetUtcNow() + SweepInterval;
    }

    /// <summary>A command on one reader's rows, with the expiry cutoff that decides whether the reader still exists.</summary>
    SqliteCommand ReaderCommand(SqliteConnection connection, string sql, string site, string uuid)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$uuid", uuid);
        command.Parameters.AddWithValue("$cutoff", ExpiryCutoffTicks());
        return command;
    }

    long ExpiryCutoffTicks() => _options.ExpiryCutoffTicks(_clock.GetUtcNow());
}
