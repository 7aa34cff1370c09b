using Recommender.Core.Semantic;
using Recommender.Server.Sites;

namespace Recommender.Server.Semantic;

/// <summary>
/// The process-wide switch of the semantic layer, <c>Semantic:Enabled</c> (true by default): off, the model is never
/// loaded (it takes about 1.3 s and several hundred megabytes, docs/BENCHMARKS.md) and no article gets a vector,
/// whatever the sites say. On, each site's <c>Sites:{apikey}:Semantic</c> decides, English sites on by default.
/// </summary>
public static class SemanticLayer
{
    public const string EnabledKey = "Semantic:Enabled";

    /// <summary>What gives the articles of <paramref name="sites"/> their vectors as they are indexed; null when the layer is off.</summary>
    public static ArticleEmbedder? Embedder(IConfiguration configuration, SiteDirectory sites) =>
        configuration.GetValue(EnabledKey, true)
            // A site not configured yet (first crawl, first import) has the defaults: English, semantic on.
            ? new ArticleEmbedder(() => MiniLmEmbedder.Shared, site => sites.Find(site)?.SemanticOn ?? true)
            : null;
}
