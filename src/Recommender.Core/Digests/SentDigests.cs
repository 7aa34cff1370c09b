using Microsoft.Data.Sqlite;
using Recommender.Core.Storage;

namespace Recommender.Core.Digests;

/// <summary>Bounds on what <see cref="SentDigests"/> remembers.</summary>
public sealed class SentDigestOptions
{
    /// <summary>
    /// URLs remembered per reader, newest first: 200 is twenty digests of ten, months of weekly letters; an older one
    /// may come again, which a reader no longer remembers either.
    /// </summary>
    public int KeptPerReader { get; set; } = 200;

    /// <summary>A URL sent longer ago than this is forgotten (a daily sweep deletes it).</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(90);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(KeptPerReader, 1, nameof(KeptPerReader));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ForgetAfter, TimeSpan.Zero, nameof(ForgetAfter));
    }
}

/// <summary>
/// What earlier digests sent each reader, so the next one does not send it again: one SQLite file in the data folder
/// (<c>{data}/digests/sent.db</c>), bounded per reader (<see cref="SentDigestOptions.KeptPerReader"/>) and in time
/// (<see cref="SentDigestOptions.ForgetAfter"/>). The command and the server's admin call share it, one process at a time
/// writing (WAL, as the profile store).
/// </summary>
public sealed class SentDigests : IDisposable
{
    public const string FileName = "sent.db";

    static readonly TimeSpan SweepInterval = TimeSpan.FromDays(1);

    const string OpenSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS sent (
            site TEXT NOT NULL,
            uuid TEXT NOT NULL,
            url TEXT NOT NULL,
            sent_ticks INTEGER NOT NULL,
            PRIMARY KEY (site, uuid, url)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS sent_by_time ON sent (sent_ticks);
        """;

    const string OfSql = "SELECT url FROM sent WHERE site = $site AND uuid = $uuid AND sent_ticks >= $cutoff;";

    // The reader's newest KeptPerReader stay; a URL sent again counts from its latest sending.
    const string RecordSql = """
        INSERT INTO sent (site, uuid, url, sent_ticks) VALUES ($site, $uuid, $url, $now)
            ON CONFLICT (site, uuid, url) DO UPDATE SET sent_ticks = excluded.sent_ticks;
        """;

    const string TrimSql = """
        DELETE FROM sent WHERE site = $site AND uuid = $uuid AND url IN
            (SELECT url FROM sent WHERE site = $site AND uuid = $uuid ORDER BY sent_ticks DESC, url LIMIT -1 OFFSET $max);
        """;

    const string SweepSql = "DELETE FROM sent WHERE sent_ticks < $cutoff;";

    readonly SentDigestOptions _options;
    readonly TimeProvider _clock;
    readonly SqliteFile _file;
    readonly Lock _writeLock = new();
    DateTimeOffset _nextSweep;

    public SentDigests(string directory, SentDigestOptions options, TimeProvider clock)
    {
        options.Validate();
        _options = options;
        _clock = clock;
        _file = SqliteFile.Open(directory, FileName, OpenSql);
    }

    /// <summary>The URLs sent to the reader and not forgotten yet.</summary>
    public IReadOnlySet<string> Of(string site, string uuid)
    {
        using var connection = _file.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = OfSql;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$uuid", uuid);
        command.Parameters.AddWithValue("$cutoff", Cutoff());
        using var reader = command.ExecuteReader();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) urls.Add(reader.GetString(0));
        return urls;
    }

    /// <summary>Remembers what each reader was sent now, in one transaction for all of them.</summary>
    public void Record(string site, IEnumerable<(string Uuid, IReadOnlyList<string> Urls)> sentToReaders)
    {
        lock (_writeLock)
        {
            var now = _clock.GetUtcNow();
            using var transaction = _file.Writer.BeginTransaction();
            using var record = Command(RecordSql, transaction, site);
            record.Parameters.AddWithValue("$url", "");
            record.Parameters.AddWithValue("$now", now.UtcTicks);
            using var trim = Command(TrimSql, transaction, site);
            trim.Parameters.AddWithValue("$max", _options.KeptPerReader);
            foreach (var (uuid, urls) in sentToReaders)
            {
                if (urls.Count == 0) continue;
                record.Parameters["$uuid"].Value = uuid;
                foreach (var url in urls)
                {
                    record.Parameters["$url"].Value = url;
                    record.ExecuteNonQuery();
                }
                trim.Parameters["$uuid"].Value = uuid;
                trim.ExecuteNonQuery();
            }
            if (now >= _nextSweep)
            {
                using var sweep = Command(SweepSql, transaction, site);
                sweep.Parameters.AddWithValue("$cutoff", Cutoff());
                sweep.ExecuteNonQuery();
                _nextSweep = now + SweepInterval;
            }
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        _file.Dispose();
    }

    SqliteCommand Command(string sql, SqliteTransaction transaction, string site)
    {
        var command = _file.Writer.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$uuid", "");
        return command;
    }

    long Cutoff()
    {
        var ticks = _clock.GetUtcNow().UtcTicks;
        return ticks - Math.Min(ticks, _options.ForgetAfter.Ticks);
    }
}
