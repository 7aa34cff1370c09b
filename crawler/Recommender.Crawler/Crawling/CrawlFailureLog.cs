using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Crawling;

/// <summary>The last failure of one page, how many times in a row it failed, and when to try again.</summary>
public sealed record CrawlFailure(
    string Site,
    string Url,
    FetchFailureReason Reason,
    string Detail,
    int? StatusCode,
    bool IsTransient,
    int Count,
    DateTimeOffset FailedAt,
    DateTimeOffset RetryAt);

/// <summary>
/// Pages whose crawl failed, kept in an append-only JSON-lines file in the data directory
/// (one line per failure or clearance, replayed at start, compacted when mostly stale).
/// Transient failures are retried after delays that double up to a limit; the others, and
/// transient ones past the limit, only after a long wait. At most <see cref="CrawlerOptions.MaxFailingPagesKept"/>
/// pages are kept, the oldest failures forgotten first.
/// </summary>
public sealed class CrawlFailureLog : IDisposable
{
    public const string FileName = "crawl-failures.jsonl";
    public const string MeterName = "Recommender.Crawler";

    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> Failures = Meter.CreateCounter<long>("recommender.crawler.failures", "{crawl}", "Failed crawls, by reason");

    // Reasons by name, so that reordering the enum cannot change what an old file says.
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    readonly CrawlerOptions options;
    readonly TimeProvider time;
    readonly string path;
    readonly Dictionary<(string Site, string Url), CrawlFailure> failures = [];
    FileStream file;
    int linesInFile;

    public CrawlFailureLog(string dataDirectory, CrawlerOptions options, TimeProvider? time = null)
    {
        this.options = options;
        this.time = time ?? TimeProvider.System;
        Directory.CreateDirectory(dataDirectory);
        path = Path.Combine(dataDirectory, FileName);
        Load();
        ForgetOldestBeyondLimit();
        file = Compact();
    }

    public int Count
    {
        get { lock (failures) return failures.Count; }
    }

    public IReadOnlyList<CrawlFailure> All()
    {
        lock (failures) return [.. failures.Values];
    }

    public CrawlFailure? Find(string site, string url)
    {
        lock (failures) return failures.GetValueOrDefault((site, url));
    }

    /// <summary>True while the page's last failure waits for its retry.</summary>
    public bool IsWaitingForRetry(string site, string url) =>
        Find(site, url) is { } failure && failure.RetryAt > time.GetUtcNow();

    public IReadOnlyList<CrawlFailure> DueForRetry()
    {
        var now = time.GetUtcNow();
        lock (failures) return [.. failures.Values.Where(f => f.RetryAt <= now)];
    }

    public CrawlFailure Record(string site, string url, FetchFailure failure)
    {
        lock (failures)
        {
            var count = (failures.GetValueOrDefault((site, url))?.Count ?? 0) + 1;
            var now = time.GetUtcNow();
            var delay = failure.IsTransient && count <= options.MaxFailedRetries
                ? options.RetryFailedAfter * Math.Pow(2, count - 1)
                : options.RetryPermanentFailuresAfter;
            var recorded = new CrawlFailure(site, url, failure.Reason, failure.Detail, failure.StatusCode,
                failure.IsTransient, count, now, now + delay);
            failures[(site, url)] = recorded;
            Append(new LogLine(recorded, null));
            if (ForgetOldestBeyondLimit())
            {
                file.Dispose();
                file = Compact();
            }
            Failures.Add(1, new KeyValuePair<string, object?>("reason", JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.Reason.ToString())));
            return recorded;
        }
    }

    /// <summary>Forgets the page's failure after it was crawled successfully.</summary>
    public void Clear(string site, string url)
    {
        lock (failures)
        {
            if (failures.Remove((site, url))) Append(new LogLine(null, new CrawlRequest(site, url)));
        }
    }

    public void Dispose()
    {
        lock (failures) file.Dispose();
    }

    /// <summary>
    /// Past the limit, forgets the oldest failures down to nine tenths of it, so the sort is paid once per tenth of the
    /// limit's new failures rather than on each; true when it forgot any (the file is then compacted).
    /// </summary>
    bool ForgetOldestBeyondLimit()
    {
        var limit = Math.Max(1, options.MaxFailingPagesKept);
        if (failures.Count <= limit) return false;
        var keep = Math.Max(1, limit - limit / 10);
        foreach (var oldest in failures.Values.OrderBy(f => f.FailedAt).Take(failures.Count - keep).ToList())
            failures.Remove((oldest.Site, oldest.Url));
        return true;
    }

    void Load()
    {
        if (!File.Exists(path)) return;
        foreach (var line in File.ReadLines(path))
        {
            linesInFile++;
            switch (Parse(line))
            {
                case { Failed: { } failed }:
                    failures[(failed.Site, failed.Url)] = failed;
                    break;
                case { Cleared: { } cleared }:
                    failures.Remove((cleared.Site, cleared.Url));
                    break;
            }
        }
    }

    // A line cut short by a crash is skipped, not fatal.
    static LogLine? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<LogLine>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    void Append(LogLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, Json);
        file.Write(bytes);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
        if (++linesInFile > 2 * failures.Count + 1000)
        {
            file.Dispose();
            file = Compact();
        }
    }

    /// <summary>Rewrites the file with the current failures only, replacing it atomically.</summary>
    FileStream Compact()
    {
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            foreach (var failure in failures.Values)
            {
                writer.WriteLine(JsonSerializer.Serialize(new LogLine(failure, null), Json));
            }
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        linesInFile = failures.Count;
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    sealed record LogLine(CrawlFailure? Failed, CrawlRequest? Cleared);
}
