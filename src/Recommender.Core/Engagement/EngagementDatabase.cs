using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Recommender.Core.Storage;

namespace Recommender.Core.Engagement;

/// <summary>
/// Where engagement survives a restart: one SQLite file (<c>{data}/engagement/engagement.db</c>) with every page's
/// hourly counts of the last week and the keys of the latest events (<see cref="Events.RecentEventIds"/>), both
/// written in one transaction per consumer batch, so that an event is either counted and remembered or neither.
/// </summary>
sealed class EngagementDatabase : IDisposable
{
    const string FileName = "engagement.db";

    // wal_autocheckpoint: a batch of 1,000 events rewrites ~150 hour rows of 600 bytes on as many 4 KB pages, ~1 MB
    // of WAL; at SQLite's default (1,000 pages) every fourth batch copied 4 MB back and synced the file: 41 % of
    // the consumer's time flat out (dotnet-trace, docs/BENCHMARKS.md). At 16,000 pages (64 MB of WAL at most) a
    // checkpoint comes every ~60 batches and writes each page once however often it changed (10,000 pages' hours
    // fit in ~2,000 pages).
    // seen_events (ids of the last hour, one B-tree insert per event) gave way to recent_event_ids (the latest
    // events' keys, appended by rowid and trimmed by rowid range): the ids of the hour before an upgrade are dropped.
    const string OpenSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA wal_autocheckpoint = 16000;
        CREATE TABLE IF NOT EXISTS buckets (
            site TEXT NOT NULL,
            url TEXT NOT NULL,
            hour INTEGER NOT NULL,
            views INTEGER NOT NULL,
            heartbeats INTEGER NOT NULL,
            engaged_seconds INTEGER NOT NULL,
            referrals TEXT NOT NULL,
            readers BLOB NOT NULL,
            PRIMARY KEY (site, url, hour)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS buckets_by_hour ON buckets (hour);
        DROP TABLE IF EXISTS seen_events;
        CREATE TABLE IF NOT EXISTS recent_event_ids (key BLOB NOT NULL);
        """;

    const string UpsertSql = """
        INSERT INTO buckets (site, url, hour, views, heartbeats, engaged_seconds, referrals, readers)
        VALUES ($site, $url, $hour, $views, $heartbeats, $engaged, $referrals, $readers)
        ON CONFLICT (site, url, hour) DO UPDATE SET views = excluded.views, heartbeats = excluded.heartbeats,
            engaged_seconds = excluded.engaged_seconds, referrals = excluded.referrals, readers = excluded.readers;
        """;

    readonly SqliteFile file;

    public EngagementDatabase(string directory)
    {
        file = SqliteFile.Open(directory, FileName, OpenSql);
    }

    public IEnumerable<(string Site, string Url, HourCounts Counts)> LoadHours()
    {
        using var command = file.Writer.CreateCommand();
        command.CommandText = "SELECT site, url, hour, views, heartbeats, engaged_seconds, referrals, readers FROM buckets";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetString(0), reader.GetString(1), HourCounts.Restore(
                reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6), (byte[])reader.GetValue(7)));
        }
    }

    /// <summary>The keys of the latest events, oldest first.</summary>
    public IEnumerable<UInt128> LoadEventKeys()
    {
        using var command = file.Writer.CreateCommand();
        command.CommandText = "SELECT key FROM recent_event_ids ORDER BY rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return BinaryPrimitives.ReadUInt128LittleEndian((byte[])reader.GetValue(0));
    }

    /// <summary>
    /// In one transaction: remembers <paramref name="eventKeys"/>, forgets all but the latest <paramref name="keptKeys"/>,
    /// and saves <paramref name="hours"/> in place of what they held.
    /// </summary>
    public void Save(IReadOnlyList<UInt128> eventKeys, int keptKeys, IReadOnlyList<(string Site, string Url, HourCounts Counts)> hours)
    {
        using var transaction = file.Writer.BeginTransaction();
        // One prepared statement each for the whole batch: preparing per row would cost more than the insert.
        using (var remember = Command("INSERT INTO recent_event_ids (key) VALUES ($key)", "$key"))
        {
            var key = new byte[16];
            foreach (var eventKey in eventKeys)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(key, eventKey);
                remember.Parameters["$key"].Value = key;
                remember.ExecuteNonQuery();
            }
        }
        if (eventKeys.Count > 0)
        {
            // Rowids grow by one per key and the newest is never deleted, so the oldest keys are a range at the front.
            using var forget = Command("DELETE FROM recent_event_ids WHERE rowid <= last_insert_rowid() - $kept", "$kept");
            forget.Parameters["$kept"].Value = keptKeys;
            forget.ExecuteNonQuery();
        }
        using (var save = Command(UpsertSql, "$site", "$url", "$hour", "$views", "$heartbeats", "$engaged", "$referrals", "$readers"))
        {
            foreach (var (site, url, counts) in hours)
            {
                save.Parameters["$site"].Value = site;
                save.Parameters["$url"].Value = url;
                save.Parameters["$hour"].Value = counts.Hour;
                save.Parameters["$views"].Value = counts.Views;
                save.Parameters["$heartbeats"].Value = counts.Heartbeats;
                save.Parameters["$engaged"].Value = counts.EngagedSeconds;
                save.Parameters["$referrals"].Value = counts.ReferralsToText();
                save.Parameters["$readers"].Value = counts.ReadersToArray();
                save.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    /// <summary>Forgets the hours up to <paramref name="cutoffHour"/>.</summary>
    public void Prune(long cutoffHour)
    {
        using var command = file.Writer.CreateCommand();
        command.CommandText = "DELETE FROM buckets WHERE hour <= $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoffHour);
        command.ExecuteNonQuery();
    }

    public void Dispose() => file.Dispose();

    SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = file.Writer.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }
}
