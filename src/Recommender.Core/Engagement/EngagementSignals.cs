using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;

namespace Recommender.Core.Engagement;

/// <summary>
/// Engagement signals per page, counted from the events stream in hourly buckets of the last week: views,
/// approximate unique readers, heartbeats, engaged seconds and referrals by class. The buckets live in
/// memory for reading and in one SQLite file (<c>{data}/engagement/engagement.db</c>) so they survive a
/// restart; so do the ids of the last hour's events, so that a redelivered event counts once.
/// </summary>
public sealed class EngagementSignals : IEventProcessor, IDisposable
{
    public const string FileName = "engagement.db";

    /// <summary>The week's window reaches partly into one more hour.</summary>
    const int RetainedHours = (int)EngagementWindow.LastWeek + 1;

    /// <summary>How long an event id is remembered: a redelivery comes within minutes.</summary>
    const int RememberedIdHours = 1;

    const string OpenSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
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
        CREATE TABLE IF NOT EXISTS seen_events (id TEXT PRIMARY KEY, hour INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS seen_events_by_hour ON seen_events (hour);
        """;

    const string UpsertSql = """
        INSERT INTO buckets (site, url, hour, views, heartbeats, engaged_seconds, referrals, readers)
        VALUES ($site, $url, $hour, $views, $heartbeats, $engaged, $referrals, $readers)
        ON CONFLICT (site, url, hour) DO UPDATE SET views = excluded.views, heartbeats = excluded.heartbeats,
            engaged_seconds = excluded.engaged_seconds, referrals = excluded.referrals, readers = excluded.readers;
        """;

    readonly Lock gate = new();
    readonly Dictionary<string, Dictionary<string, List<HourBucket>>> sites = [];
    readonly SqliteConnection db;
    readonly Func<string, SiteOptions?> findSite;
    readonly TimeProvider clock;
    readonly SemaphoreSlim writeLock = new(1, 1);
    long prunedAtHour;

    public EngagementSignals(string directory, Func<string, SiteOptions?> findSite, TimeProvider clock)
    {
        this.findSite = findSite;
        this.clock = clock;
        Directory.CreateDirectory(directory);
        db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), Pooling = false }.ToString());
        db.Open();
        Execute(OpenSql);
        Prune(HourOf(clock.GetUtcNow()));
        Load();
    }

    public async Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            var nowHour = HourOf(clock.GetUtcNow());
            if (nowHour != prunedAtHour) Prune(nowHour);
            using var transaction = db.BeginTransaction();
            // One prepared statement each for the whole batch: preparing per event would cost more than the insert.
            using var sighting = Command("INSERT OR IGNORE INTO seen_events (id, hour) VALUES ($id, $hour)", "$id", "$hour");
            sighting.Parameters["$hour"].Value = nowHour;
            var fresh = events.Where(e => HourOf(e.Time) > nowHour - RetainedHours && FirstSighting(sighting, e)).ToList();
            using var save = Command(UpsertSql, "$site", "$url", "$hour", "$views", "$heartbeats", "$engaged", "$referrals", "$readers");
            foreach (var bucket in Apply(fresh)) Save(save, bucket);
            transaction.Commit();
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>The page's engagement in <paramref name="window"/>; <see cref="UrlEngagement.None"/> when it has none.</summary>
    public UrlEngagement Get(string site, string url, EngagementWindow window)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (BucketsOf(site, url) is not { } buckets) return UrlEngagement.None;
            var weighted = Weighted(buckets, window, now).ToList();
            var everyReader = new HyperLogLog();
            var wholeHoursReaders = new HyperLogLog();
            foreach (var (bucket, weight) in weighted)
            {
                everyReader.UnionWith(bucket.Readers);
                if (weight == 1) wholeHoursReaders.UnionWith(bucket.Readers);
            }
            var partOfOldest = weighted.Where(w => w.Weight < 1).Select(w => w.Weight).DefaultIfEmpty(0).Single();
            var whole = wholeHoursReaders.Estimate();
            return new UrlEngagement(
                weighted.Sum(w => w.Weight * w.Bucket.Views),
                whole + partOfOldest * (everyReader.Estimate() - whole),
                weighted.Sum(w => w.Weight * w.Bucket.Heartbeats),
                weighted.Sum(w => w.Weight * w.Bucket.EngagedSeconds),
                Enum.GetValues<ReferralClass>().ToDictionary(c => c, c => weighted.Sum(w => w.Weight * w.Bucket.Referrals[(int)c])));
        }
    }

    /// <summary>One signal of the page in <paramref name="window"/>, cheaper than <see cref="Get"/> (no unique readers).</summary>
    public double Signal(string site, string url, Boost signal, EngagementWindow window)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (BucketsOf(site, url) is not { } buckets) return 0;
            return Weighted(buckets, window, now).Sum(w => w.Weight * w.Bucket.ValueOf(signal));
        }
    }

    /// <summary>
    /// How much an engagement signal's value multiplies relevance: 1 + ln(1 + value), neutral for a page
    /// nobody read yet, and growing ever slower, so that a hit does not drown relevance.
    /// </summary>
    public static double BoostFactor(double value) => 1 + Math.Log(1 + Math.Max(0, value));

    /// <summary>
    /// The site's pages whose views in the last hour exceed their hourly average of the last day, the most
    /// rising first: a page published this hour rises by all its views, a steady one not at all.
    /// </summary>
    public IReadOnlyList<TrendingUrl> Trending(string site, int limit)
    {
        var now = clock.GetUtcNow();
        var trending = new List<TrendingUrl>();
        lock (gate)
        {
            if (!sites.TryGetValue(site, out var urls)) return [];
            foreach (var (url, buckets) in urls)
            {
                var lastHour = Views(buckets, EngagementWindow.LastHour, now);
                if (lastHour < 1) continue;
                var lastDay = Views(buckets, EngagementWindow.LastDay, now);
                var score = lastHour - lastDay / (int)EngagementWindow.LastDay;
                if (score > 0) trending.Add(new TrendingUrl(url, lastHour, lastDay, score));
            }
        }
        return [.. trending.OrderByDescending(t => t.Score).ThenBy(t => t.Url, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>The site's pages viewed in the last day, the most viewed first.</summary>
    public IReadOnlyList<(string Url, double Views)> MostViewed(string site, int limit)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!sites.TryGetValue(site, out var urls)) return [];
            return
            [
                .. urls.Select(page => (Url: page.Key, Views: Views(page.Value, EngagementWindow.LastDay, now)))
                    .Where(page => page.Views > 0)
                    .OrderByDescending(page => page.Views).ThenBy(page => page.Url, StringComparer.Ordinal)
                    .Take(limit),
            ];
        }
    }

    public void Dispose()
    {
        db.Dispose();
        writeLock.Dispose();
    }

    /// <summary>The buckets of the window with the part of each that lies inside it: 1, or less for the oldest hour.</summary>
    static IEnumerable<(HourBucket Bucket, double Weight)> Weighted(List<HourBucket> buckets, EngagementWindow window, DateTimeOffset now)
    {
        var nowHour = HourOf(now);
        var oldest = nowHour - (int)window;
        var partOfOldest = 1 - (now.ToUnixTimeSeconds() % 3600) / 3600.0;
        return buckets.Where(b => b.Hour >= oldest).Select(b => (b, b.Hour == oldest ? partOfOldest : 1.0));
    }

    static double Views(List<HourBucket> buckets, EngagementWindow window, DateTimeOffset now) =>
        Weighted(buckets, window, now).Sum(w => w.Weight * w.Bucket.Views);

    static bool FirstSighting(SqliteCommand sighting, PageEvent pageEvent)
    {
        sighting.Parameters["$id"].Value = $"{pageEvent.Site}\n{pageEvent.Id}";
        return sighting.ExecuteNonQuery() == 1;
    }

    SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    /// <summary>Counts the events in memory; returns the buckets they changed, copied for saving.</summary>
    List<SavedBucket> Apply(List<PageEvent> events)
    {
        var changed = new Dictionary<(string, string, long), SavedBucket>();
        lock (gate)
        {
            foreach (var pageEvent in events)
            {
                var bucket = BucketFor(pageEvent.Site, pageEvent.Url, HourOf(pageEvent.Time));
                bucket.Readers.Add(pageEvent.Uuid);
                if (pageEvent.Action == EventAction.Pageview)
                {
                    bucket.Views++;
                    bucket.Referrals[(int)Referrals.Classify(pageEvent.Referrer, pageEvent.Url, findSite(pageEvent.Site))]++;
                }
                else
                {
                    bucket.Heartbeats++;
                    bucket.EngagedSeconds += pageEvent.EngagedSeconds;
                }
                changed[(pageEvent.Site, pageEvent.Url, bucket.Hour)] = new SavedBucket(pageEvent.Site, pageEvent.Url, bucket);
            }
            return [.. changed.Values.Select(saved => saved with { Bucket = saved.Bucket.Copy() })];
        }
    }

    HourBucket BucketFor(string site, string url, long hour)
    {
        if (!sites.TryGetValue(site, out var urls)) sites[site] = urls = [];
        if (!urls.TryGetValue(url, out var buckets)) urls[url] = buckets = [];
        var at = buckets.FindLastIndex(b => b.Hour <= hour);
        if (at >= 0 && buckets[at].Hour == hour) return buckets[at];
        var bucket = new HourBucket(hour);
        buckets.Insert(at + 1, bucket);
        return bucket;
    }

    List<HourBucket>? BucketsOf(string site, string url) =>
        sites.TryGetValue(site, out var urls) && urls.TryGetValue(url, out var buckets) ? buckets : null;

    static void Save(SqliteCommand save, SavedBucket saved)
    {
        save.Parameters["$site"].Value = saved.Site;
        save.Parameters["$url"].Value = saved.Url;
        save.Parameters["$hour"].Value = saved.Bucket.Hour;
        save.Parameters["$views"].Value = saved.Bucket.Views;
        save.Parameters["$heartbeats"].Value = saved.Bucket.Heartbeats;
        save.Parameters["$engaged"].Value = saved.Bucket.EngagedSeconds;
        save.Parameters["$referrals"].Value = string.Join(',', saved.Bucket.Referrals);
        save.Parameters["$readers"].Value = saved.Bucket.Readers.ToArray();
        save.ExecuteNonQuery();
    }

    void Load()
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT site, url, hour, views, heartbeats, engaged_seconds, referrals, readers FROM buckets ORDER BY hour";
        using var reader = command.ExecuteReader();
        lock (gate)
        {
            while (reader.Read())
            {
                var bucket = BucketFor(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
                bucket.Views = reader.GetInt64(3);
                bucket.Heartbeats = reader.GetInt64(4);
                bucket.EngagedSeconds = reader.GetInt64(5);
                var referrals = reader.GetString(6).Split(',');
                for (var i = 0; i < Math.Min(referrals.Length, bucket.Referrals.Length); i++)
                    bucket.Referrals[i] = long.TryParse(referrals[i], out var count) ? count : 0;
                bucket.Readers = new HyperLogLog((byte[])reader.GetValue(7));
            }
        }
    }

    /// <summary>Forgets the buckets that left the week and the ids that left the hour, on disk and in memory.</summary>
    void Prune(long nowHour)
    {
        var cutoff = nowHour - RetainedHours;
        using (var command = db.CreateCommand())
        {
            command.CommandText = "DELETE FROM buckets WHERE hour <= $cutoff; DELETE FROM seen_events WHERE hour < $idCutoff;";
            command.Parameters.AddWithValue("$cutoff", cutoff);
            command.Parameters.AddWithValue("$idCutoff", nowHour - RememberedIdHours);
            command.ExecuteNonQuery();
        }
        lock (gate)
        {
            foreach (var urls in sites.Values)
            {
                foreach (var (url, buckets) in urls)
                {
                    buckets.RemoveAll(b => b.Hour <= cutoff);
                    if (buckets.Count == 0) urls.Remove(url);
                }
            }
        }
        prunedAtHour = nowHour;
    }

    void Execute(string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static long HourOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;

    sealed class HourBucket(long hour)
    {
        public long Hour { get; } = hour;
        public long Views { get; set; }
        public long Heartbeats { get; set; }
        public long EngagedSeconds { get; set; }
        public long[] Referrals { get; } = new long[Enum.GetValues<ReferralClass>().Length];
        public HyperLogLog Readers { get; set; } = new();

        public double ValueOf(Boost signal) => signal switch
        {
            Boost.Views => Views,
            Boost.EngagedTime => EngagedSeconds,
            Boost.SocialReferrals => Referrals[(int)ReferralClass.Social],
            Boost.SearchReferrals => Referrals[(int)ReferralClass.Search],
            Boost.InternalReferrals => Referrals[(int)ReferralClass.Internal],
            _ => 0,
        };

        public HourBucket Copy()
        {
            var copy = new HourBucket(Hour) { Views = Views, Heartbeats = Heartbeats, EngagedSeconds = EngagedSeconds, Readers = new HyperLogLog(Readers.ToArray()) };
            Referrals.CopyTo(copy.Referrals);
            return copy;
        }
    }

    sealed record SavedBucket(string Site, string Url, HourBucket Bucket);
}
