namespace Recommender.Core.Events;

/// <summary>
/// One event of a reader on a publisher's page, as it travels on the events stream.
/// </summary>
/// <param name="Id">Unique per event, so that consumers recognise a redelivery.</param>
/// <param name="Site">The site's apikey.</param>
/// <param name="Url">The page's canonical URL when it names one, normalised by <see cref="Articles.CanonicalUrl"/>.</param>
/// <param name="Uuid">The reader: the tag's first-party cookie id, or the id the site passes for a logged-in reader.</param>
/// <param name="EngagedSeconds">The engaged time this heartbeat adds; 0 for a pageview.</param>
/// <param name="RecId">
/// For a pageview, the recommendation id of the box's link the reader came by (a click, with its position); for an
/// impression, the id of the answer the box showed. Written by <see cref="ClickThrough.RecommendationId"/>. Optional
/// on the stream, so events written before it still read.
/// </param>
/// <param name="ItemsShown">For an impression, how many items the box showed (1 to 100).</param>
/// <param name="ItemUrls">
/// For an impression whose box listed them, the URLs it showed in order (normalised as <paramref name="Url"/>), which
/// <see cref="ClickThrough.ArticleClickThrough"/> counts as shown; null when the box gave only their number.
/// </param>
public sealed record PageEvent(
    string Id,
    string Site,
    EventAction Action,
    string Url,
    string? Referrer,
    string Uuid,
    DateTimeOffset Time,
    int EngagedSeconds,
    string? UserAgent,
    string? RecId = null,
    int ItemsShown = 0,
    IReadOnlyList<string>? ItemUrls = null);
