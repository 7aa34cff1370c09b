using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Semantic;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The product's own recommendation path on a temporary data folder: an <see cref="ArticleIndex"/> holding the
/// catalogue, a <see cref="SqliteProfileStore"/>, and <see cref="RelatedArticles"/> and <see cref="CandidateRanking"/> as
/// <c>/related</c> and <c>/rank</c> use them,
/// all on a clock the evaluation moves (log time). The folder is deleted on dispose.
/// </summary>
public sealed class EvalWorkspace : IDisposable
{
    public const string Site = "eval";

    readonly string _folder;

    public ArticleIndex Index { get; }
    public SqliteProfileStore Profiles { get; }
    public RelatedArticles Related { get; }

    /// <summary>What <c>/rank</c> runs: the reader's relevance to given candidates.</summary>
    public CandidateRanking Ranking { get; }
    public EvalClock Clock { get; } = new();
    public IReadOnlyList<LabelledArticle> Catalogue { get; }

    EvalWorkspace(string folder, IReadOnlyList<LabelledArticle> catalogue, ProfileQueryOptions options, ArticleEmbedder? embedder, string? language)
    {
        _folder = folder;
        Catalogue = catalogue;
        Index = ArticleIndex.Open(Path.Combine(folder, "index"), new ArticleIndexOptions { Embedder = embedder, SiteLanguage = _ => language });
        Profiles = new SqliteProfileStore(Path.Combine(folder, "profiles"),
            new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(100 * 365) }, Clock);
        var queries = new ProfileQueryBuilder(options);
        Related = new RelatedArticles(Index, queries, Clock);
        Ranking = new CandidateRanking(Index, Related, queries);
    }

    /// <summary>Whether the articles carry vectors, so that the semantic layer can be scored.</summary>
    public bool Semantic => Index.Embedder is not null;

    /// <summary>
    /// The ways to score a reader's candidates that <c>eval impressions</c> compares: lexical (<c>/rank</c> without the
    /// semantic layer); with vectors also the cosine alone ("semantic") and <c>/rank</c> as a site with the semantic layer
    /// on runs it ("hybrid", <see cref="SemanticWeights.Default"/>).
    /// </summary>
    public IReadOnlyList<ICandidateScorer> CandidateScorers => Semantic
        ? [Ranking, new NamedScorer("semantic", Related.SemanticScores),
            new NamedScorer("hybrid", (history, urls, request) => Ranking.Score(history, urls, request with { SemanticWeight = SemanticWeights.Default }))]
        : [Ranking];

    /// <summary>
    /// Indexes <paramref name="catalogue"/> (their site must be <see cref="Site"/>) in a new temporary folder, with
    /// vectors when <paramref name="embedder"/> is given (embedded in batches, as an import does), analysed as a site in
    /// <paramref name="language"/> is (null: each article's own language, else English). With <paramref name="vectorFile"/>,
    /// the vectors it holds are used rather than embedded again, and all are written to it afterwards (<see cref="VectorFile"/>).
    /// </summary>
    public static EvalWorkspace Create(IReadOnlyList<LabelledArticle> catalogue, ProfileQueryOptions options, Action? onArticle = null,
        ArticleEmbedder? embedder = null, string? language = null, string? vectorFile = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "recommender-eval-" + Guid.NewGuid().ToString("N"));
        var workspace = new EvalWorkspace(folder, catalogue, options, embedder, language);
        try
        {
            var known = embedder is null || vectorFile is null ? [] : VectorFile.Read(vectorFile);
            var embedded = new List<(string Id, ArticleVector? Vector)>();
            foreach (var batch in catalogue.Chunk(ArticleImporter.EmbeddingBatch))
            {
                List<Article> articles = [.. batch.Select(labelled => known.GetValueOrDefault(labelled.Id) is { } vector ? labelled.Article with { Vector = vector } : labelled.Article)];
                articles = [.. embedder?.WithVectors(articles) ?? articles];
                for (var i = 0; i < articles.Count; i++)
                {
                    workspace.Index.Upsert(articles[i]);
                    embedded.Add((batch[i].Id, articles[i].Vector));
                    onArticle?.Invoke();
                }
            }
            if (embedder is not null && vectorFile is not null) VectorFile.Write(vectorFile, embedded);
            workspace.Index.Refresh();
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>What <c>/related?apikey=…&amp;limit=k</c> asks for, apart from where it starts.</summary>
    public static RecommendationRequest Request(int limit, IReadOnlyCollection<string>? exclude = null) => new()
    {
        Filter = new ArticleFilter { Site = Site, ExcludeUrls = exclude ?? [] },
        Limit = limit,
    };

    public void Dispose()
    {
        Index.Dispose();
        Profiles.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the results are not.
        }
    }
}

/// <summary>A clock that reads what the evaluation sets: the time of the event being replayed.</summary>
public sealed class EvalClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
