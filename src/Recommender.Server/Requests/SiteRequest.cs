using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Articles;
using Recommender.Core.Sites;
using Recommender.Server.Sites;

namespace Recommender.Server.Requests;

/// <summary>The parameters that name a site, a page and a reader, checked against the site's configuration.</summary>
public class SiteRequest
{
    const int MaxUuidLength = 128;

    // An apikey names a site, usually by its domain: never longer than a host name.
    const int MaxApikeyLength = 253;

    [FromQuery(Name = "apikey")] public string? Apikey { get; set; }

    /// <summary>
    /// Finds the site, or records why not: a missing or malformed apikey is a bad request, an unknown one is not found.
    /// </summary>
    public SiteOptions? ResolveSite(SiteDirectory sites, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Apikey))
        {
            errors.Add("apikey", "is required");
            return null;
        }
        if (Apikey.Length > MaxApikeyLength || Apikey.Any(char.IsControl))
        {
            errors.Add("apikey", $"must be at most {MaxApikeyLength} printable characters");
            return null;
        }
        var site = sites.Find(Apikey);
        if (site is null) errors.AddUnknownSite(Apikey);
        return site;
    }

    /// <summary>The canonical form of a page URL of the site, or an error naming <paramref name="field"/>.</summary>
    public static string? CheckUrl(string? url, SiteOptions? site, string field, RequestErrors errors, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            if (required) errors.Add(field, "is required");
            return null;
        }
        var canonical = CanonicalUrl.Normalize(url, site?.RecIdParameter);
        if (canonical is null)
        {
            errors.Add(field, "must be an absolute http or https URL");
            return null;
        }
        var host = new Uri(canonical).Host;
        if (site is not null && !site.AllowsHost(host))
        {
            errors.Add(field, $"host '{host}' is not one of the site's allowed hosts");
            return null;
        }
        return canonical;
    }

    /// <summary>The reader id, or an error naming uuid; a missing one is an error only when <paramref name="required"/>.</summary>
    public static string? CheckUuid(string? uuid, RequestErrors errors, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(uuid))
        {
            if (required) errors.Add("uuid", "is required");
            return null;
        }
        if (uuid.Length > MaxUuidLength || uuid.Any(char.IsControl))
        {
            errors.Add("uuid", $"must be at most {MaxUuidLength} printable characters");
            return null;
        }
        return uuid;
    }
}
