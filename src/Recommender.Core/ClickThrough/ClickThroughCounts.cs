using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Experiments;
using Recommender.Core.Sites;
using Recommender.Core.Storage;

namespace Recommender.Core.ClickThrough;

/// <summary>
/// Impressions, clicks and engaged seconds after a click of the tag's related boxes, per site, day, strategy,
/// experiment arm and position, counted from the events stream: an <c>impression</c> event counts the answer it names
/// once and each position it showed once; a pageview that came by a box's link (its <see cref="PageEvent.RecId"/>)
/// counts a click on that answer at that position; the reader's heartbeats on the page clicked, within
/// <see cref="EngagedWindow"/> of the click, add their seconds to it. Position 0 holds the whole answer's counts.
/// </summary>
/// <remarks>
/// Persisted in <c>{data}/engagement/click-through.db</c>, one transaction per batch. Bounded: a row is one site's day
/// of one strategy (5), arm and position (0–100); an arm is counted only while the site's configuration has it, so a
/// forged id cannot add arms, and days older than <see cref="RetainedDays"/> are forgotten. A redelivered event counts
/// once when it is among the latest <see cref="RememberedEvents"/> that counted here (impressions, clicks, heartbeats
/// after a click; in memory, so a redelivery after a restart counts again).
/// </remarks>
public sealed class ClickThroughCounts : IEventProcessor, IDisposable
{
    public const int RetainedDays = 90;
    public const int RememberedEvents = 200_000;

    /// <summary>Heartbeats count as engagement after a click for this long; a reader back on the page later came by other ways.</summary>
    public static readonly TimeSpan EngagedWindow = TimeSpan.FromMinutes(30);

    /// <summary>Clicks followed for their engaged time at most; the oldest are dropped first. About 200 bytes each.</summary>
    const int MaxClicksFollowed = 100_000;

    const string FileName = "click-through.db";

    static readonly Meter Meter = new("Recommender.ClickThrough");
    static readonly Counter<long> Impressions = Meter.CreateCounter<long>("recommender.clickthrough.impressions", "{answer}", "Related boxes seen, by strategy");
    static readonly Counter<long> Clicks = Meter.CreateCounter<long>("recommender.clickthrough.clicks", "{click}", "Pageviews by a box's link, by strategy");

    const string OpenSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS counts (
            site TEXT NOT NULL,
            day INTEGER NOT NULL,
            strategy TEXT NOT NULL,
            experiment TEXT NOT NULL,
            version TEXT NOT NULL,
            arm TEXT NOT NULL,
            position INTEGER NOT NULL,
            impressions INTEGER NOT NULL,
            clicks INTEGER NOT NULL,
            engaged_seconds INTEGER NOT NULL,
            PRIMARY KEY (site, day, strategy, experiment, version, arm, position)
        ) WITHOUT ROWID;
        """;

    const string AddSql = """
        INSERT INTO counts VALUES ($site, $day, $strategy, $experiment, $version, $arm, $position, $impressions, $clicks, $engaged)
        ON CONFLICT DO UPDATE SET impressions = impressions + excluded.impressions, clicks = clicks + excluded.clicks,
            engaged_seconds = engaged_seconds + excluded.engaged_seconds;
        """;

    readonly SqliteFile file;
    readonly Func<string, SiteOptions?> findSite;
    readonly RecentEventIds seen = new(RememberedEvents);
    readonly Dictionary<(string Site, string Uuid, string Url), Click> clicks = [];
    readonly Queue<((string Site, string Uuid, string Url) Reader, DateTimeOffset Time)> clickOrder = new();
    int prunedAtDay;

    public ClickThroughCounts(string directory, Func<string, SiteOptions?> findSite)
    {
        this.findSite = findSite;
        file = SqliteFile.Open(directory, FileName, OpenSql);
    }

    /// <summary>Where a click's counts go: its answer's row and its position's, on the day of the click.</summary>
    sealed record Click(int Day, RecommendationId Id, DateTimeOffset Time);

    public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        var added = new Dictionary<Row, Counts>();
        void Add(int day, string site, RecommendationId id, int position, Counts counts)
        {
            var row = new Row(site, day, id.Strategy, id.Arm?.Experiment ?? "", id.Arm?.Version ?? "", id.Arm?.Arm ?? "", position);
            added[row] = added.GetValueOrDefault(row) + counts;
        }

        foreach (var e in events)
        {
            var day = DayOf(e.Time);
            var reader = (e.Site, e.Uuid, e.Url);
            // Only the events that count here are remembered: most pageviews and heartbeats came by no box.
            switch (e.Action)
            {
                case EventAction.Impression when Counted(e) is { Position: null } answer && seen.Add(e.Site, e.Id):
                    Add(day, e.Site, answer, 0, new Counts(1, 0, 0));
                    Impressions.Add(1, new KeyValuePair<string, object?>("strategy", answer.Strategy));
                    for (var position = 1; position <= Math.Min(e.ItemsShown, RecommendationId.MaxPosition); position++)
                        Add(day, e.Site, answer, position, new Counts(1, 0, 0));
                    break;
                case EventAction.Pageview when Counted(e) is { Position: { } position } item && seen.Add(e.Site, e.Id):
                    Add(day, e.Site, item, 0, new Counts(0, 1, 0));
                    Clicks.Add(1, new KeyValuePair<string, object?>("strategy", item.Strategy));
                    Add(day, e.Site, item, position, new Counts(0, 1, 0));
                    Follow(reader, new Click(day, item, e.Time));
                    break;
                case EventAction.Heartbeat when clicks.TryGetValue(reader, out var click) && e.Time - click.Time <= EngagedWindow && seen.Add(e.Site, e.Id):
                    Add(click.Day, e.Site, click.Id, 0, new Counts(0, 0, e.EngagedSeconds));
                    Add(click.Day, e.Site, click.Id, click.Id.Position!.Value, new Counts(0, 0, e.EngagedSeconds));
                    break;
            }
        }
        Save(added, events.Count == 0 ? null : DayOf(events[^1].Time));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rows of <paramref name="site"/> from day <paramref name="from"/> to <paramref name="to"/> (inclusive), summed
    /// over the days; only <paramref name="strategy"/>'s when given.
    /// </summary>
    public IReadOnlyList<ClickThroughRow> Read(string site, DateOnly from, DateOnly to, string? strategy = null)
    {
        using var connection = file.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT strategy, experiment, version, arm, position, SUM(impressions), SUM(clicks), SUM(engaged_seconds) FROM counts
            WHERE site = $site AND day BETWEEN $from AND $to AND ($strategy IS NULL OR strategy = $strategy)
            GROUP BY strategy, experiment, version, arm, position ORDER BY strategy, experiment, version, arm, position
            """;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$from", from.DayNumber);
        command.Parameters.AddWithValue("$to", to.DayNumber);
        command.Parameters.AddWithValue("$strategy", (object?)strategy ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<ClickThroughRow>();
        while (reader.Read())
        {
            var arm = reader.GetString(1).Length == 0 ? null : new ArmLabel(reader.GetString(1), reader.GetString(2), reader.GetString(3));
            rows.Add(new ClickThroughRow(reader.GetString(0), arm, reader.GetInt32(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }
        return rows;
    }

    public void Dispose() => file.Dispose();

    /// <summary>
    /// The event's id when it counts: well formed, and naming an arm only while the site's configuration has that
    /// arm at that version; an id of an arm no longer configured counts for its strategy alone.
    /// </summary>
    RecommendationId? Counted(PageEvent e)
    {
        if (RecommendationId.Parse(e.RecId) is not { } id) return null;
        if (id.Arm is not { } arm) return id;
        var configured = findSite(e.Site)?.Experiments.GetValueOrDefault(arm.Experiment);
        return configured is not null && configured.Version == arm.Version && configured.Arms.ContainsKey(arm.Arm) ? id : id with { Arm = null };
    }

    void Follow((string Site, string Uuid, string Url) reader, Click click)
    {
        clicks[reader] = click;
        clickOrder.Enqueue((reader, click.Time));
        while (clickOrder.Count > MaxClicksFollowed)
        {
            var (oldest, time) = clickOrder.Dequeue();
            // A reader who clicked the same page again is followed from the later click, which is still queued.
            if (clicks.TryGetValue(oldest, out var followed) && followed.Time == time) clicks.Remove(oldest);
        }
    }

    void Save(Dictionary<Row, Counts> added, int? today)
    {
        if (added.Count == 0 && (today is null || today == prunedAtDay)) return;
        using var transaction = file.Writer.BeginTransaction();
        using (var command = file.Writer.CreateCommand())
        {
            command.CommandText = AddSql;
            string[] names = ["$site", "$day", "$strategy", "$experiment", "$version", "$arm", "$position", "$impressions", "$clicks", "$engaged"];
            foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Prepare();
            foreach (var (row, counts) in added)
            {
                object[] values = [row.Site, row.Day, row.Strategy, row.Experiment, row.Version, row.Arm, row.Position, counts.Impressions, counts.Clicks, counts.EngagedSeconds];
                for (var i = 0; i < names.Length; i++) command.Parameters[i].Value = values[i];
                command.ExecuteNonQuery();
            }
        }
        if (today is { } day && day != prunedAtDay)
        {
            using var prune = file.Writer.CreateCommand();
            prune.CommandText = "DELETE FROM counts WHERE day < $cutoff";
            prune.Parameters.AddWithValue("$cutoff", day - RetainedDays);
            prune.ExecuteNonQuery();
            prunedAtDay = day;
        }
        transaction.Commit();
    }

    static int DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime).DayNumber;

    sealed record Row(string Site, int Day, string Strategy, string Experiment, string Version, string Arm, int Position);

    readonly record struct Counts(long Impressions, long Clicks, long EngagedSeconds)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Impressions + b.Impressions, a.Clicks + b.Clicks, a.EngagedSeconds + b.EngagedSeconds);
    }
}

/// <summary>One strategy's (and arm's) counts at one position, summed over days; position 0 is the whole answer.</summary>
public sealed record ClickThroughRow(string Strategy, ArmLabel? Arm, int Position, long Impressions, long Clicks, long EngagedSeconds);
