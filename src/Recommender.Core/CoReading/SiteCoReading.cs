using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Recommender.Core.Events;

namespace Recommender.Core.CoReading;

/// <summary>Bounds and rhythm of the co-read models (section <c>CoReading</c>).</summary>
public sealed class CoReadingOptions
{
    public const string SectionName = "CoReading";

    /// <summary>
    /// Pageviews kept per site, the newest (about 100 bytes each: 200,000 is about 20 MB a site); the model is built
    /// from them, so a site's co-reading is that of its last this-many views.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int ViewsPerSite { get; set; } = 200_000;

    /// <summary>Seconds between rebuilds of every site's model, off the request path.</summary>
    [Range(1, 86_400)]
    public int RefreshSeconds { get; set; } = 600;

    /// <summary>Neighbours kept per article (<see cref="CoReadModel.DefaultNeighbours"/>).</summary>
    [Range(1, 1_000)]
    public int Neighbours { get; set; } = CoReadModel.DefaultNeighbours;
}

/// <summary>
/// Each site's <see cref="CoReadModel"/>, built from its readers' recent pageviews: an engagement consumer of the events
/// stream keeps the last <see cref="CoReadingOptions.ViewsPerSite"/> views of each site, and <see cref="Rebuild"/> (on a
/// timer, off the request path) turns them into models that replace the old ones whole, so a request reads one
/// immutable snapshot and takes no lock.
/// </summary>
public sealed class SiteCoReading(CoReadingOptions options) : IEventProcessor
{
    /// <summary>A view is paired with the reader's this-many distinct earlier views at most, which bounds a rebuild's pairs.</summary>
    const int LookBack = 20;

    readonly ConcurrentDictionary<string, Queue<(string Uuid, string Url)>> _views = new(StringComparer.Ordinal);
    IReadOnlyDictionary<string, CoReadModel> _models = new Dictionary<string, CoReadModel>();

    public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        foreach (var view in events.Where(e => e.Action == EventAction.Pageview))
        {
            var views = _views.GetOrAdd(view.Site, _ => new Queue<(string, string)>());
            lock (views)
            {
                views.Enqueue((view.Uuid, view.Url));
                if (views.Count > options.ViewsPerSite) views.Dequeue();
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The site's latest model; empty before the first rebuild that saw a view of it.</summary>
    public CoReadModel For(string site) => Volatile.Read(ref _models).GetValueOrDefault(site) ?? CoReadModel.Empty;

    /// <summary>Builds every site's model from its kept views: each reader's first view of each page, paired with the reader's earlier ones.</summary>
    public void Rebuild()
    {
        var models = new Dictionary<string, CoReadModel>(StringComparer.Ordinal);
        foreach (var (site, views) in _views)
        {
            (string Uuid, string Url)[] kept;
            lock (views) kept = [.. views];
            models[site] = CoReadModel.Build(Readers(kept), options.Neighbours);
        }
        Volatile.Write(ref _models, models);
    }

    /// <summary>For each page a reader viewed after another, what they had viewed before it (their last <see cref="LookBack"/> distinct pages).</summary>
    static IEnumerable<CoReader> Readers(IEnumerable<(string Uuid, string Url)> views)
    {
        foreach (var reader in views.GroupBy(v => v.Uuid, StringComparer.Ordinal))
        {
            var earlier = new List<string>();
            foreach (var url in reader.Select(v => v.Url).Distinct(StringComparer.Ordinal))
            {
                if (earlier.Count > 0) yield return new CoReader(earlier.TakeLast(LookBack).ToList(), [url]);
                earlier.Add(url);
            }
        }
    }
}
