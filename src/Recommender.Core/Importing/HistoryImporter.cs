using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Evaluation;
using Recommender.Core.Profiles;

namespace Recommender.Core.Importing;

/// <summary>What a history import trained, and how many lines it refused, by reason.</summary>
public sealed record HistoryImportReport(int Trained, IReadOnlyDictionary<string, int> Refused);

/// <summary>
/// Loads a publisher's past reading into reader profiles, so that a site that switches to the recommender starts with
/// its readers' histories: CSV (<c>uuid,url,ts</c>, the header optional and naming the columns in any order) or JSON
/// lines (<c>{"uuid", "url", "ts"}</c>), ts in ISO 8601 or epoch milliseconds. Each read is trained at its own time
/// (<see cref="TrainingTime"/>), so an old read weighs as little as its age says. A line that cannot be trained is
/// counted by its reason and the import goes on.
/// </summary>
public sealed class HistoryImporter(IProfileStore profiles, TimeProvider clock, TimeSpan expireAfterInactivity, Func<string, bool> allowsHost)
{
    const string NotARow = "not a row of uuid, url, ts";

    /// <summary>Reads trained together (<see cref="IProfileStore.TrainManyAsync"/>): one commit per this many, not one per read.</summary>
    const int ReadsPerBatch = 1_000;

    public async Task<HistoryImportReport> ImportAsync(string site, IEnumerable<string> lines, Action? onLine, CancellationToken cancel)
    {
        var refused = new Dictionary<string, int>();
        var trained = 0;
        var batch = new List<Training>(ReadsPerBatch);
        (int Uuid, int Url, int Ts) columns = (0, 1, 2);
        var first = true;
        foreach (var line in lines)
        {
            onLine?.Invoke();
            if (string.IsNullOrWhiteSpace(line)) continue;
            var isJson = line.TrimStart().StartsWith('{');
            if (first && !isJson && HeaderColumns(line) is { } header)
            {
                columns = header;
                first = false;
                continue;
            }
            first = false;
            var (time, reason) = Parse(line, isJson, columns, out var uuid, out var url);
            if (reason is not null)
            {
                refused[reason] = refused.GetValueOrDefault(reason) + 1;
                continue;
            }
            batch.Add(new Training(site, uuid!, url!, time, 1));
            if (batch.Count == ReadsPerBatch) trained += await TrainAsync(batch, cancel);
        }
        trained += await TrainAsync(batch, cancel);
        return new HistoryImportReport(trained, refused);
    }

    async Task<int> TrainAsync(List<Training> batch, CancellationToken cancel)
    {
        await profiles.TrainManyAsync(batch, cancel);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    (DateTimeOffset Time, string? Reason) Parse(string line, bool isJson, (int Uuid, int Url, int Ts) columns, out string? uuid, out string? url)
    {
        uuid = url = null;
        if ((isJson ? JsonRow(line) : CsvRow(line, columns)) is not { } row) return (default, NotARow);
        if (string.IsNullOrWhiteSpace(row.Uuid) || row.Uuid.Any(char.IsControl)) return (default, "uuid missing or not printable");
        uuid = row.Uuid.Trim();
        url = CanonicalUrl.Normalize(row.Url ?? "");
        if (url is null) return (default, "url not an absolute http or https URL");
        if (!allowsHost(new Uri(url).Host)) return (default, "url's host not one of the site's allowed hosts");
        if (TrainingTime.Parse(row.Ts ?? "") is not { } time) return (default, "ts not ISO 8601 or epoch milliseconds");
        var (checkedTime, error) = TrainingTime.Check(time, clock.GetUtcNow(), expireAfterInactivity);
        return (checkedTime, error is null ? null : "ts " + error);
    }

    /// <summary>The columns a header names, or null when the line is not a header.</summary>
    static (int, int, int)? HeaderColumns(string line)
    {
        var names = line.Split(',').Select(n => n.Trim().ToLowerInvariant()).ToList();
        int uuid = names.IndexOf("uuid"), url = names.IndexOf("url"), ts = names.IndexOf("ts");
        return uuid < 0 || url < 0 || ts < 0 ? null : (uuid, url, ts);
    }

    static (string? Uuid, string? Url, string? Ts)? CsvRow(string line, (int Uuid, int Url, int Ts) columns)
    {
        var fields = line.Split(',');
        return fields.Length <= Math.Max(columns.Uuid, Math.Max(columns.Url, columns.Ts)) ? null
            : (fields[columns.Uuid], fields[columns.Url].Trim(), fields[columns.Ts]);
    }

    static (string? Uuid, string? Url, string? Ts)? JsonRow(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object ? null : (ReadingLog.Text(root, "uuid"), ReadingLog.Text(root, "url"), ReadingLog.Text(root, "ts"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
