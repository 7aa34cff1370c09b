using System.Globalization;
using System.Text.Json;

namespace Recommender.Core.Evaluation;

/// <summary>What a log line says a reader did.</summary>
public enum ReadKind
{
    /// <summary>A read before the log begins (MIND's history column): trained, never scored.</summary>
    History,

    /// <summary>A click or view: scored (what came before predicts it), then trained.</summary>
    Click,
}

/// <summary>One read of an article by a reader at a time (UTC).</summary>
public sealed record LogRead(string Uuid, string Url, DateTimeOffset Time, ReadKind Kind = ReadKind.Click);

/// <summary>A MIND impression: the candidates shown to a reader at a time, and which were clicked.</summary>
public sealed record Impression(string Uuid, DateTimeOffset Time, IReadOnlyList<(string Url, bool Clicked)> Candidates);

/// <summary>
/// A reading log: reads, and (MIND) impressions. Read from MIND's behaviors.tsv (<c>.tsv</c>), JSON lines
/// (<c>.jsonl</c>: objects with uuid, url, timestamp and optionally event) or CSV (<c>uuid,url,timestamp[,event]</c>,
/// with or without that header). A timestamp is ISO 8601 (UTC unless it says otherwise) or Unix seconds or
/// milliseconds. Lines that cannot be read are skipped and counted, never fatal.
/// </summary>
public sealed record ReadingLog(IReadOnlyList<LogRead> Reads, IReadOnlyList<Impression> Impressions, int SkippedLines)
{
    /// <summary>Events that are not reads of an article (a MIND impression's unclicked candidates are not events at all).</summary>
    static readonly HashSet<string> NotReads = new(StringComparer.OrdinalIgnoreCase) { "impression", "skip", "unlike", "dislike" };

    public static ReadingLog Read(string path)
    {
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)) return ReadMind(File.ReadLines(path));
        var json = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        return ReadRows(File.ReadLines(path), json ? JsonRow : CsvRow);
    }

    /// <summary>Rows of uuid, url, timestamp and event, parsed by <paramref name="parse"/> (null for a bad line).</summary>
    public static ReadingLog ReadRows(IEnumerable<string> lines, Func<string, (string Uuid, string Url, string Time, string? Event)?> parse)
    {
        var reads = new List<LogRead>();
        var skipped = 0;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (parse(line) is not { } row || row.Uuid.Length == 0 || row.Url.Length == 0 || ParseTime(row.Time) is not { } time)
            {
                // A header line is not a failure.
                if (!line.StartsWith("uuid,", StringComparison.OrdinalIgnoreCase)) skipped++;
                continue;
            }
            if (row.Event is { } kind && NotReads.Contains(kind)) continue;
            reads.Add(new LogRead(row.Uuid, row.Url, time));
        }
        return new ReadingLog(reads, [], skipped);
    }

    public static (string, string, string, string?)? CsvRow(string line)
    {
        var fields = line.Split(',');
        return fields.Length < 3 ? null : (fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), fields.Length > 3 ? fields[3].Trim() : null);
    }

    static DateTimeOffset? MindTime(string text) =>
        text.Length == 0 ? OneMoment
        : DateTimeOffset.TryParseExact(text, "M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : null;

    static (string, string, string, string?)? JsonRow(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return (Text(root, "uuid") ?? "", Text(root, "url") ?? "", Text(root, "timestamp") ?? "", Text(root, "event"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON object's string or number property as text; null when absent or of another kind.</summary>
    internal static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    /// <summary>ISO 8601 (UTC unless stated), or a Unix time in seconds, or in milliseconds when it is too large for seconds.</summary>
    public static DateTimeOffset? ParseTime(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            try
            {
                return number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>The time of every impression of a log whose time column is empty: one moment, as NeMig's log is read.</summary>
    public static readonly DateTimeOffset OneMoment = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// MIND's behaviors.tsv: impression_id, user_id, time (M/d/yyyy h:mm:ss tt), history (news ids, oldest first),
    /// impressions (<c>N123-1</c> clicked, <c>N123-0</c> not). A reader's history is read once, at a second before the
    /// reader's first impression (the log gives it no times), in its order; each clicked candidate is a click at its
    /// impression's time. An empty time (NeMig records none) is <see cref="OneMoment"/>: every impression then
    /// happens at once, after every history, and none comes before another. News ids become the URLs
    /// <see cref="LabelledCatalogue.MindUrl"/> indexes.
    /// </summary>
    public static ReadingLog ReadMind(IEnumerable<string> lines)
    {
        var reads = new List<LogRead>();
        var impressions = new List<Impression>();
        var skipped = 0;
        var readersWithHistory = new HashSet<string>();
        var rows = new List<(string Uuid, DateTimeOffset Time, string[] History, List<(string, bool)> Candidates)>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split('\t');
            if (fields.Length < 5 || fields[1].Length == 0 || MindTime(fields[2]) is not { } time)
            {
                skipped++;
                continue;
            }
            var candidates = new List<(string, bool)>();
            foreach (var candidate in fields[4].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var dash = candidate.LastIndexOf('-');
                if (dash > 0) candidates.Add((LabelledCatalogue.MindUrl(candidate[..dash]), candidate[(dash + 1)..] == "1"));
            }
            rows.Add((fields[1], time, fields[3].Split(' ', StringSplitOptions.RemoveEmptyEntries), candidates));
        }
        foreach (var (uuid, time, history, candidates) in rows.OrderBy(r => r.Time))
        {
            if (readersWithHistory.Add(uuid))
                reads.AddRange(history.Select(id => new LogRead(uuid, LabelledCatalogue.MindUrl(id), time.AddSeconds(-1), ReadKind.History)));
            impressions.Add(new Impression(uuid, time, candidates));
            reads.AddRange(candidates.Where(c => c.Item2).Select(c => new LogRead(uuid, c.Item1, time)));
        }
        return new ReadingLog(reads, impressions, skipped);
    }
}
