using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Server.Sites;

namespace Recommender.Server.Profiles;

/// <summary>
/// Trains a reader's profile with an article once the reader's engaged time on it reaches the site's
/// <see cref="Core.Sites.SiteOptions.AutoTrainAfterSeconds"/>; sites without it are left alone.
/// </summary>
public sealed class AutoTraining(SiteDirectory sites, IProfileStore profiles) : IEventProcessor
{
    /// <summary>Visits being counted at most; a visit idle for longer than <see cref="VisitTimeout"/> is dropped first.</summary>
    const int MaxVisits = 100_000;
    static readonly TimeSpan VisitTimeout = TimeSpan.FromMinutes(30);

    readonly RecentEventIds seen = new(MaxVisits);
    readonly Dictionary<(string Site, string Uuid, string Url), Visit> visits = [];

    public async Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        // A batch's trainings are written together: one commit each cost more than the rest of the batch's consumers.
        var trainings = new List<(Training Read, Visit Visit)>();
        foreach (var heartbeat in events.Where(e => e.Action == EventAction.Heartbeat))
        {
            if (sites.Find(heartbeat.Site)?.AutoTrainAfterSeconds is not { } threshold || !seen.Add(heartbeat.Site, heartbeat.Id)) continue;
            var key = (heartbeat.Site, heartbeat.Uuid, heartbeat.Url);
            if (!visits.TryGetValue(key, out var visit))
            {
                if (visits.Count >= MaxVisits) ForgetIdleVisits(heartbeat.Time);
                if (visits.Count >= MaxVisits) continue;
                visit = new Visit();
            }
            visit.EngagedSeconds += heartbeat.EngagedSeconds;
            visit.LastSeen = heartbeat.Time;
            visits[key] = visit;
            if (!visit.Trained && visit.EngagedSeconds >= threshold)
            {
                trainings.Add((new Training(heartbeat.Site, heartbeat.Uuid, heartbeat.Url, heartbeat.Time, 1), visit));
                visit.Trained = true;
            }
        }
        if (trainings.Count == 0) return;
        try
        {
            await profiles.TrainManyAsync([.. trainings.Select(t => t.Read)], ct);
        }
        catch
        {
            // Not trained after all (a store that cannot be reached): the visit's next heartbeat tries again.
            foreach (var (_, visit) in trainings) visit.Trained = false;
            throw;
        }
    }

    void ForgetIdleVisits(DateTimeOffset now)
    {
        foreach (var (key, visit) in visits)
        {
            if (now - visit.LastSeen > VisitTimeout) visits.Remove(key);
        }
    }

    sealed class Visit
    {
        public int EngagedSeconds { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public bool Trained { get; set; }
    }
}
