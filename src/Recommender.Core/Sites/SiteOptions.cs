namespace Recommender.Core.Sites;

/// <summary>
/// One publisher site under <c>Sites:{apikey}</c> in configuration. Editors change it while the
/// server runs; every answer reads the current value.
/// </summary>
public sealed class SiteOptions
{
    /// <summary>Hosts whose pages belong to the site; the crawler fetches nothing else.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>What never appears in any answer for this site.</summary>
    public SiteExclusions Exclude { get; set; } = new();

    /// <summary>Answers' defaults where a request does not say.</summary>
    public SiteDefaults Defaults { get; set; } = new();

    /// <summary>
    /// Engaged seconds after which a reader's visit to an article trains the reader's profile, as if the site
    /// had called /profile; null (the default) leaves training to the site, which knows what counts as interest.
    /// </summary>
    public int? AutoTrainAfterSeconds { get; set; }

    public bool AllowsHost(string host) =>
        AllowedHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));
}

public sealed class SiteExclusions
{
    public List<string> Sections { get; set; } = [];
    public List<string> Authors { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public List<string> UrlPrefixes { get; set; } = [];
}

public sealed class SiteDefaults
{
    public int Limit { get; set; } = 10;

    /// <summary>How fast a read article's pull on personalised answers fades: weight = 2^(−age/half-life).</summary>
    public double HalfLifeHours { get; set; } = 48;

    /// <summary>Engagement signals that multiply relevance when a request names none.</summary>
    public List<string> Boost { get; set; } = [];

    /// <summary>
    /// How long a list answer (/related, /search, /trending) is cached, in seconds: the most it can lag behind new
    /// articles. A reader's training changes their answers at once whatever this is. 0 turns the cache off.
    /// </summary>
    public int CacheSeconds { get; set; } = 60;
}
