using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.ClickThrough;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Sites;
using Recommender.Server.Sites;

namespace Recommender.Server.Events;

/// <summary>
/// Turns the body of <c>POST /events</c> (one event object or an array of them, as the tag sends it) into
/// valid <see cref="PageEvent"/>s, and names the reason of every event it rejects. A bad event never
/// stops the good ones beside it.
/// </summary>
public sealed class EventIngest(SiteDirectory sites, TimeProvider clock)
{
    const int MaxIdLength = 64;
    const int MaxUuidLength = 128;
    const int MaxReferrerLength = 2048;
    const int MaxUserAgentLength = 512;

    /// <summary>The longest engaged time one heartbeat may add: the tag sends 10 s, or less when the page is left.</summary>
    public const int MaxEngagedSeconds = 60;

    /// <summary>A client's clock is trusted within this much of the server's; otherwise the event is stamped on arrival.</summary>

    public IngestResult Read(JsonElement body, string? userAgent)
    {
        var elements = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        var result = new IngestResult();
        var now = clock.GetUtcNow();
        foreach (var element in elements)
        {
            var reason = TryReadWhole(element, userAgent, now, out var pageEvent);
            if (pageEvent is not null) result.Accepted.Add(pageEvent);
            else result.Rejected[reason] = result.Rejected.GetValueOrDefault(reason) + 1;
        }
        return result;
    }

    /// <summary>
    /// A string JSON parsing lets through but .NET cannot read (a lone surrogate such as <c>"\ud800"</c>, or a raw
    /// byte that is not UTF-8) throws only when the field is read: that event is malformed, the others stand.
    /// </summary>
    string TryReadWhole(JsonElement element, string? userAgent, DateTimeOffset now, out PageEvent? pageEvent)
    {
        try
        {
            return TryRead(element, userAgent, now, out pageEvent);
        }
        catch (InvalidOperationException)
        {
            pageEvent = null;
            return "malformed";
        }
    }

    string TryRead(JsonElement element, string? userAgent, DateTimeOffset now, out PageEvent? pageEvent)
    {
        pageEvent = null;
        if (element.ValueKind != JsonValueKind.Object) return "malformed";
        var apikey = Text(element, "apikey");
        if (apikey is null || sites.Find(apikey) is not { } site) return "unknown_apikey";
        var action = Text(element, "action") switch
        {
            "pageview" => EventAction.Pageview,
            "heartbeat" => EventAction.Heartbeat,
            "impression" => EventAction.Impression,
            _ => (EventAction?)null,
        };
        if (action is null) return "unknown_action";
        var address = Text(element, "url");
        // The recommendation id a box's link carried is read before the URL is normalised, which drops it.
        if (CanonicalUrl.Normalize(address, site.RecIdParameter) is not { } url) return "invalid_url";
        if (!site.AllowsHost(new Uri(url).Host)) return "host_not_allowed";
        // The page's canonical URL names the article, unless it points away from the site (syndication).
        if (CanonicalUrl.Normalize(Text(element, "canonical_url"), site.RecIdParameter) is { } canonical && site.AllowsHost(new Uri(canonical).Host))
            url = canonical;
        var referrer = Text(element, "referrer");
        var uuid = Text(element, "uuid");
        if (string.IsNullOrWhiteSpace(uuid) || uuid.Length > MaxUuidLength || uuid.Any(char.IsControl)) return "invalid_uuid";
        var id = Text(element, "id");
        if (id is not null && (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl))) return "invalid_id";
        var engaged = 0;
        if (action == EventAction.Heartbeat &&
            !(element.TryGetProperty("engaged_seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number &&
              seconds.TryGetInt32(out engaged) && engaged is > 0 and <= MaxEngagedSeconds))
        {
            return "invalid_engaged_seconds";
        }
        string? recId = null;
        var itemsShown = 0;
        List<string>? itemUrls = null;
        if (action == EventAction.Impression)
        {
            if (RecommendationId.Parse(Text(element, "rec_id")) is not { Position: null } answer) return "invalid_rec_id";
            if (!element.TryGetProperty("items", out var items) || !TryReadItems(items, site, out itemsShown, out itemUrls)) return "invalid_items";
            recId = answer.ToString();
        }
        else if (action == EventAction.Pageview)
        {
            // A click: the box's link the reader came by; a malformed id is a URL like any other, not a bad event.
            recId = (RecommendationId.InUrl(address, site.RecIdParameter) ?? RecommendationId.InUrl(referrer, site.RecIdParameter))?.ToString();
        }

        pageEvent = new PageEvent(
            id ?? Guid.NewGuid().ToString("N"),
            apikey,
            action.Value,
            url,
            Clip(referrer, MaxReferrerLength),
            uuid,
            ClientTime(element, now),
            engaged,
            Clip(userAgent, MaxUserAgentLength),
            recId,
            itemsShown,
            itemUrls);
        return "";
    }

    /// <summary>
    /// An impression's <c>items</c>: how many the box showed (1 to 100), or the URLs it showed, each of the site's hosts,
    /// which count each article as shown (<see cref="Core.ClickThrough.ArticleClickThrough"/>).
    /// </summary>
    static bool TryReadItems(JsonElement items, SiteOptions site, out int count, out List<string>? urls)
    {
        urls = null;
        count = 0;
        if (items.ValueKind == JsonValueKind.Number) return items.TryGetInt32(out count) && count is >= 1 and <= RecommendationId.MaxPosition;
        if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() is < 1 or > RecommendationId.MaxPosition) return false;
        urls = new List<string>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || CanonicalUrl.Normalize(item.GetString(), site.RecIdParameter) is not { } url ||
                !site.AllowsHost(new Uri(url).Host))
                return false;
            urls.Add(url);
        }
        count = urls.Count;
        return true;
    }

    static DateTimeOffset ClientTime(JsonElement element, DateTimeOffset now)
    {
        if (element.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var millis) &&
            millis > now.Add(-TrainingTime.ClockSkew).ToUnixTimeMilliseconds() && millis < now.Add(TrainingTime.ClockSkew).ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }
        return now;
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static string? Clip(string? text, int length) =>
        string.IsNullOrEmpty(text) ? null : text.Length <= length ? text : text[..length];
}

public sealed class IngestResult
{
    public List<PageEvent> Accepted { get; } = [];

    /// <summary>How many events were rejected, by reason (<c>unknown_apikey</c>, <c>invalid_url</c>...).</summary>
    public Dictionary<string, int> Rejected { get; } = [];
}
