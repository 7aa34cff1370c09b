using Recommender.Core.Sites;

namespace Recommender.Core.Engagement;

/// <summary>Where a pageview came from, by its referrer's host.</summary>
public enum ReferralClass
{
    /// <summary>No referrer: typed, bookmarked, or from an app that sends none.</summary>
    Direct,
    /// <summary>Another page of the same site.</summary>
    Internal,
    Search,
    Social,
    /// <summary>Any other site linking to the page.</summary>
    Other,
}

public static class Referrals
{
    // Matched as the host itself or a label of it ("google" matches www.google.co.uk).
    static readonly string[] SearchEngines = ["google", "bing", "duckduckgo", "yahoo", "baidu", "yandex", "ecosia", "qwant", "startpage", "search.brave.com", "kagi"];
    static readonly string[] SocialNetworks =
    [
        "facebook", "fb.com", "t.co", "twitter", "x.com", "linkedin", "lnkd.in", "reddit", "instagram", "pinterest",
        "youtube", "tiktok", "threads.net", "bsky.app", "news.ycombinator.com", "mastodon.social", "whatsapp", "telegram",
    ];

    public static ReferralClass Classify(string? referrer, string pageUrl, SiteOptions? site)
    {
        if (string.IsNullOrWhiteSpace(referrer) || !Uri.TryCreate(referrer, UriKind.Absolute, out var from) || from.Host.Length == 0)
            return ReferralClass.Direct;
        var host = from.Host.ToLowerInvariant();
        if (Uri.TryCreate(pageUrl, UriKind.Absolute, out var page) && page.Host == host || site?.AllowsHost(host) == true)
            return ReferralClass.Internal;
        if (Matches(host, SearchEngines)) return ReferralClass.Search;
        if (Matches(host, SocialNetworks)) return ReferralClass.Social;
        return ReferralClass.Other;
    }

    static bool Matches(string host, string[] names) =>
        names.Any(name => name.Contains('.')
            ? host == name || host.EndsWith("." + name, StringComparison.Ordinal)
            : host.Split('.').Contains(name));
}
