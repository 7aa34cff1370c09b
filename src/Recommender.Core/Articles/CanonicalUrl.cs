namespace Recommender.Core.Articles;

/// <summary>
/// Normalises article URLs so that one page has one identity however it was linked:
/// scheme and host lower-cased, default port, fragment and campaign parameters dropped, and the recommendation id
/// of the link the reader came by (<see cref="RecIdParameter"/>, or the site's name for it), which would otherwise
/// split an article's engagement, index entry and cached answers over every list that showed it.
/// </summary>
public static class CanonicalUrl
{
    static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"];

    /// <summary>The query parameter that carries a recommendation id unless a site renames it (<c>Sites:{apikey}:RecIdParameter</c>).</summary>
    public const string RecIdParameter = "rec_id";

    /// <summary>Returns the normalised absolute http(s) URL, or null when <paramref name="url"/> is not one.</summary>
    public static string? Normalize(string? url) => Normalize(url, null);

    /// <summary>As <see cref="Normalize(string?)"/>, dropping <paramref name="recIdParameter"/> too: the site's name for the recommendation id.</summary>
    public static string? Normalize(string? url, string? recIdParameter)
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
            Query = KeepNonTracking(uri.Query, recIdParameter ?? RecIdParameter),
        };
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    static string KeepNonTracking(string query, string recIdParameter)
    {
        if (query.Length <= 1) return "";
        var kept = query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !TrackingPrefixes.Any(p => pair.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(pair => !IsParameter(pair, RecIdParameter) && !IsParameter(pair, recIdParameter));
        return string.Join('&', kept);
    }

    static bool IsParameter(string pair, string name) =>
        pair.StartsWith(name, StringComparison.Ordinal) && (pair.Length == name.Length || pair[name.Length] == '=');
}
