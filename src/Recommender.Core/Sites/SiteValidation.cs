namespace Recommender.Core.Sites;

/// <summary>
/// What is wrong with a site's settings, each message naming the configuration key (<c>Sites:example.com:Defaults:Limit</c>),
/// so a bad value stops the server at start, or is refused on a hot reload, instead of answering oddly.
/// </summary>
public static class SiteValidation
{
    /// <summary>A configured secret shorter than this is guessable; a generated one has 43 characters.</summary>
    public const int MinSecretLength = 16;

    const int MaxLimit = 100;

    public static IEnumerable<string> Errors(string section, string apikey, SiteOptions site)
    {
        var key = $"{section}:{apikey}";
        for (var i = 0; i < site.AllowedHosts.Count; i++)
        {
            var host = site.AllowedHosts[i];
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
                yield return $"{key}:AllowedHosts:{i} '{host}' is not a host name (no scheme, port or path)";
        }
        for (var i = 0; i < site.Origins.Count; i++)
        {
            var origin = site.Origins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
                uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
                yield return $"{key}:Origins:{i} '{origin}' is not an origin (scheme://host[:port], nothing after)";
        }
        if (site.Secret is { Length: > 0 and < MinSecretLength })
            yield return $"{key}:Secret must have at least {MinSecretLength} characters";
        if (site.SecretSha256 is { Length: > 0 } hash && !SiteSecret.IsHash(hash))
            yield return $"{key}:SecretSha256 must be 64 hex digits (the SHA-256 of the secret)";

        var defaults = site.Defaults;
        if (defaults.Limit is < 1 or > MaxLimit) yield return $"{key}:Defaults:Limit must be from 1 to {MaxLimit}, not {defaults.Limit}";
        if (!(defaults.HalfLifeHours > 0)) yield return $"{key}:Defaults:HalfLifeHours must be above 0, not {defaults.HalfLifeHours}";
        if (!(defaults.Alpha is >= 0 and <= 1)) yield return $"{key}:Defaults:Alpha must be from 0 to 1, not {defaults.Alpha}";
        if (site.RankAlpha is { } rankAlpha && !(rankAlpha is >= 0 and <= 1)) yield return $"{key}:RankAlpha must be from 0 to 1, not {rankAlpha}";
        if (defaults.CacheSeconds < 0) yield return $"{key}:Defaults:CacheSeconds must be 0 (off) or more, not {defaults.CacheSeconds}";
        if (site.AutoTrainAfterSeconds is <= 0) yield return $"{key}:AutoTrainAfterSeconds must be above 0 when set, not {site.AutoTrainAfterSeconds}";
        if (!(site.FreshSlots.Share is >= 0 and <= 1)) yield return $"{key}:FreshSlots:Share must be from 0 to 1, not {site.FreshSlots.Share}";
        if (site.Rules.MaxPerSection < 0) yield return $"{key}:Rules:MaxPerSection must be 0 (no limit) or more";
        if (site.Rules.MaxPerAuthor < 0) yield return $"{key}:Rules:MaxPerAuthor must be 0 (no limit) or more";
        if (site.Rules.Within < 1) yield return $"{key}:Rules:Within must be 1 or more";
        if (site.RecIdParameter.Length is 0 or > 32 || !site.RecIdParameter.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            yield return $"{key}:RecIdParameter must be 1 to 32 letters, digits, _ or -, not '{site.RecIdParameter}'";
        foreach (var error in Experiments.SiteExperiment.Errors(key, site.Experiments)) yield return error;
    }
}
