namespace Recommender.Core.Sites;

/// <summary>
/// One publisher site under <c>Sites:{apikey}</c> in configuration.
/// </summary>
public sealed class SiteOptions
{
    /// <summary>Hosts whose pages belong to the site; the crawler fetches nothing else.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    public bool AllowsHost(string host) =>
        AllowedHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));
}
