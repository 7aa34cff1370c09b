namespace Recommender.Core.Articles;

/// <summary>
/// Normalises article URLs so that one page has one identity however it was linked:
/// scheme and host lower-cased, default port, fragment and campaign parameters dropped.
/// </summary>
public static class CanonicalUrl
{
    static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"];

    /// <summary>Returns the normalised absolute http(s) URL, or null when <paramref name="url"/> is not one.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) ||
            !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var builder = new UriBuilder(uri)
        {
            Scheme = uri.Scheme.ToLowerInvariant(),
            Host = uri.IdnHost.ToLowerInvariant(),
            Fragment = "",
            Query = KeepNonTracking(uri.Query),
        };
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    static string KeepNonTracking(string query)
    {
        if (query.Length <= 1) return "";
        var kept = query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !TrackingPrefixes.Any(p => pair.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
        return string.Join('&', kept);
    }
}
