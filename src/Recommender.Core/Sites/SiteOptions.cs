using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;

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

    /// <summary>A share of each page kept for articles published in the last hours.</summary>
    public SiteFreshSlots FreshSlots { get; set; } = new();

    /// <summary>Editorial rules applied after ranking.</summary>
    public BusinessRuleOptions Rules { get; set; } = new();

    /// <summary>How articles of the same story are listed.</summary>
    public SiteStories Stories { get; set; } = new();

    /// <summary>
    /// The language of the site's articles, as an ISO 639-1 code (en, de, fr, es, it, nl, pt, …): it picks the
    /// analyzer (stemming, stop words; <see cref="ArticleAnalyzers"/>) the site's articles are indexed with and its
    /// searches are read with. A change applies to articles indexed from then on; import the others again.
    /// A code no analyzer serves is read as English.
    /// </summary>
    public string Language { get; set; } = "en";

    /// <summary>
    /// Whether articles get vectors and related articles are ranked by meaning too (<see cref="Recommendations.SemanticWeights"/>);
    /// unset, it is on where the model speaks the site's <see cref="Language"/> (English).
    /// </summary>
    public bool? Semantic { get; set; }

    /// <summary>Whether the semantic layer is on for the site: see <see cref="Semantic"/>. Never for a language the model does not speak.</summary>
    public bool SemanticOn => (Semantic ?? true) && Core.Semantic.MiniLmEmbedder.Speaks(Language);

    /// <summary>
    /// Whether <c>/rank</c> orders candidates that the reader's interest ties by co-reading ("readers of your reads went on
    /// to read this", <see cref="CoReading.SiteCoReading"/>) before views. Off by default: on NeMig's readers co-reading
    /// is near chance (AUC 0.509) and below views (0.544) (docs/EVALUATION.md); a site turns it on where its own logs show it helps.
    /// </summary>
    public bool CoRead { get; set; }

    /// <summary>
    /// From 0 to 1: how much the reader's interest, against each candidate's click-through in the site's boxes
    /// (<see cref="ClickThrough.ArticleClickThrough"/>), orders <c>/rank</c>'s candidates; 1 is interest alone. Unset:
    /// <see cref="ClickThrough.ClickThroughBlend.DefaultAlpha"/>. Click-through counts only where the site's boxes report
    /// what they showed (the tag does).
    /// </summary>
    public double? RankAlpha { get; set; }

    /// <summary>
    /// The site's secret key, as an operator configures it (an environment variable or a secret store):
    /// at least <see cref="SiteValidation.MinSecretLength"/> characters. Reader data, engagement and admin calls need it.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The SHA-256 of the secret key (64 hex digits), as <c>recommender import</c> registers it in the data folder;
    /// <see cref="Secret"/> wins when both are set.
    /// </summary>
    public string? SecretSha256 { get; set; }

    /// <summary>
    /// Whether <c>GET /profile</c> trains, as Parse.ly's API allows; off by default, so that training is a POST, which
    /// no image or link on another page can send.
    /// </summary>
    public bool AllowGetTraining { get; set; }

    /// <summary>
    /// The exact origins (scheme, host and port) whose pages may read this site's answers in a browser (CORS);
    /// empty, the default, means <c>https://</c> and each allowed host.
    /// </summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>The hash of the site's secret key, or null when it has none.</summary>
    public string? SecretHash() =>
        !string.IsNullOrEmpty(Secret) ? SiteSecret.Hash(Secret) : string.IsNullOrEmpty(SecretSha256) ? null : SecretSha256.ToLowerInvariant();

    /// <summary>Whether a browser page of <paramref name="origin"/> may read this site's answers.</summary>
    public bool AllowsOrigin(string origin) => Origins.Count > 0
        ? Origins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
        : AllowedHosts.Any(h => string.Equals($"https://{h}", origin, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The query parameter that carries a recommendation id (<see cref="ClickThrough.RecommendationId"/>) on the links of
    /// the tag's related box, so a pageview from one counts as a click; stripped from every URL before it is indexed,
    /// counted or trained (<see cref="Articles.CanonicalUrl"/>). Rename it when <c>rec_id</c> means something else on
    /// the site, and give the tag the same name (<c>data-rec-id-parameter</c>).
    /// </summary>
    public string RecIdParameter { get; set; } = Articles.CanonicalUrl.RecIdParameter;

    /// <summary>A/B tests of <c>/related</c>'s defaults, by name (<see cref="Experiments.SiteExperiment"/>); at most one enabled.</summary>
    public Dictionary<string, Experiments.SiteExperiment> Experiments { get; set; } = [];

    /// <summary>What one client address may send per second for this site; unset, the server's <c>RateLimits</c> apply.</summary>
    public SiteRateLimits RateLimits { get; set; } = new();

    public bool AllowsHost(string host) =>
        AllowedHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));
}

public sealed class SiteRateLimits
{
    public int? ReadsPerSecond { get; set; }
    public int? TrainingsPerSecond { get; set; }
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

    /// <summary>
    /// From 0 to 1: how much relevance, against views of the last day, ranks related articles (a request's
    /// <c>alpha=</c> overrides it). 1, the default, is relevance alone; <c>recommender eval log</c> on the site's own
    /// log measures which α suits its readers (docs/EVALUATION.md).
    /// </summary>
    public double Alpha { get; set; } = 1;

    /// <summary>Engagement signals that multiply relevance when a request names none.</summary>
    public List<string> Boost { get; set; } = [];

    /// <summary>
    /// How long a list answer (/related, /search, /trending) is cached, in seconds: the most it can lag behind new
    /// articles. A reader's training changes their answers at once whatever this is. 0 turns the cache off.
    /// </summary>
    public int CacheSeconds { get; set; } = 60;
}

public sealed class SiteFreshSlots
{
    /// <summary>
    /// From 0 (none, the default) to 1; 0.2 keeps 2 places of 10 for fresh articles that match the page or reader,
    /// however weakly: a site turns it on when it publishes often enough to fill them well.
    /// </summary>
    public double Share { get; set; }

    /// <summary>How recently an article must have been published to count as fresh.</summary>
    public double Hours { get; set; } = 24;

    public FreshSlotOptions ToOptions() =>
        new() { Share = Share, Within = TimeSpan.FromHours(Hours > 0 ? Hours : 24) };
}

public sealed class SiteStories
{
    /// <summary>Whether answers show one article per story (its best) unless a request asks for all (<c>stories=all</c>).</summary>
    public bool Collapse { get; set; } = true;
}
