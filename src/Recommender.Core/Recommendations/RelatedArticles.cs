using Lucene.Net.Index;
using Lucene.Net.Search;
using Recommender.Core.Articles;
using Recommender.Core.Engagement;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;

namespace Recommender.Core.Recommendations;

/// <summary>
/// Answers "what next?": articles like one page (contextual), like what one reader read (personalised),
/// or, with nothing to start from, the site's recent articles. Engagement boosts and sorts read
/// <paramref name="engagement"/>; without it they are neutral.
/// </summary>
public sealed class RelatedArticles(ArticleIndex index, ProfileQueryBuilder queries, TimeProvider clock, EngagementSignals? engagement = null)
{
    /// <summary>Stored fields an answer shows; the body is never loaded for it.</summary>
    static readonly HashSet<string> ListingFields =
    [
        ArticleFields.Site, ArticleFields.Url, ArticleFields.Title, ArticleFields.Authors, ArticleFields.Section,
        ArticleFields.Tags, ArticleFields.PubDate, ArticleFields.ImageUrl, ArticleFields.Description, ArticleFields.Story,
    ];

    /// <summary>Relevance is re-ranked by boosts and date within this many best candidates.</summary>
    const int CandidateWindow = 100;

    /// <summary>Articles like the one at <paramref name="url"/>; null when it is not indexed.</summary>
    public IReadOnlyList<Recommendation>? ForArticle(string url, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var doc = ArticleIndex.FindDoc(searcher, request.Filter.Site, url);
            if (doc is null) return null;
            var filter = request.Filter with { ExcludeUrls = [.. request.Filter.ExcludeUrls, url] };
            return Recommend(searcher, [new Seed(doc.Value, 1)], request with { Filter = filter }, "related to");
        });

    /// <summary>
    /// Articles for a reader, from the reader's history (newest first): the most recent reads, each weighted
    /// 2^(−age/half-life) times its training weight, make one query; everything read is hidden. Null when
    /// none of the reads is indexed yet.
    /// </summary>
    public IReadOnlyList<Recommendation>? ForReader(IReadOnlyList<ProfileEntry> history, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var now = clock.GetUtcNow();
            var seeds = new List<Seed>();
            foreach (var read in history)
            {
                if (seeds.Count == request.RecentReads) break;
                if (queries.FindDoc(searcher, request.Filter.Site, read.Url) is { } doc)
                    seeds.Add(new Seed(doc, read.Weight * Decay(now - read.Time, request.HalfLife)));
            }
            if (seeds.Count == 0) return null;
            var filter = request.Filter with { ExcludeUrls = [.. request.Filter.ExcludeUrls, .. history.Select(h => h.Url)] };
            return Recommend(searcher, seeds, request with { Filter = filter }, "because you read");
        });

    /// <summary>The site's newest articles, for a page or reader with nothing to start from.</summary>
    public IReadOnlyList<Recommendation> Recent(RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var top = searcher.Search(new MatchAllDocsQuery(), request.Filter.ToFilter(), request.Page * request.Limit,
                new Sort(new SortField(ArticleFields.PubDate, SortFieldType.INT64, reverse: true)));
            return top.ScoreDocs.Skip((request.Page - 1) * request.Limit)
                .Select(hit => new Recommendation(Load(searcher, hit.Doc), 0, "new on this site"))
                .ToList();
        });

    IReadOnlyList<Recommendation> Recommend(IndexSearcher searcher, IReadOnlyList<Seed> seeds, RecommendationRequest request, string reasonPrefix)
    {
        var reader = searcher.IndexReader;
        var profile = queries.Build(reader, seeds);
        var wanted = request.Page * request.Limit;
        // The seeds are dropped from the hits rather than filtered out by URL: a seed read or trained under another
        // address of its article is still itself, and no seed's stored URL has to be loaded.
        var seedDocs = seeds.Select(s => s.Doc).ToHashSet();
        var hits = searcher.Search(profile.Query, request.Filter.ToFilter(), Math.Max(wanted, CandidateWindow) + seedDocs.Count)
            .ScoreDocs.Where(hit => !seedDocs.Contains(hit.Doc)).ToList();
        var sectionFactors = profile.SectionFactors(reader, [.. hits.Select(hit => hit.Doc)]);
        var now = clock.GetUtcNow();

        // A candidate's date and URL are read once, and only when the sort or a boost needs them.
        var needsDate = request.Sort == ArticleSort.PubDateDescending || request.Boosts.Contains(Boost.Recency);
        var needsUrl = engagement is not null && (request.SortBySignal is not null || request.Boosts.Any(b => b != Boost.Recency));
        var candidates = hits
            .Select((hit, i) => (hit.Doc, Score: hit.Score * sectionFactors[i], PubDate: needsDate ? PubDateOf(searcher, hit.Doc) : null,
                Url: needsUrl ? UrlOf(searcher, hit.Doc) : null))
            .Select(c => (c.Doc, Score: c.Score * BoostFactor(c.PubDate, c.Url, request, now), c.PubDate, c.Url))
            .ToList();
        var ranked = request.SortBySignal is { } signal
            ? candidates.OrderByDescending(c => SignalOf(c.Url, signal, request)).ThenByDescending(c => c.Score)
            : request.Sort == ArticleSort.PubDateDescending
                ? candidates.OrderByDescending(c => c.PubDate)
                : candidates.OrderByDescending(c => c.Score);

        var arranged = CandidateArrangement.Arrange(searcher, profile.Query, ranked.Select(c => (c.Doc, c.Score)), request, now);
        var shown = arranged.Skip(wanted - request.Limit).Take(request.Limit).ToList();
        var reasons = ClosestSeeds(reader, [.. shown.Select(c => c.Doc)], profile, seeds);
        // Only the titles of the seeds that are named as reasons are loaded.
        var seedTitles = reasons.Distinct().ToDictionary(seed => seed,
            seed => searcher.Doc(seeds[seed].Doc, new HashSet<string> { ArticleFields.Title }).Get(ArticleFields.Title) ?? "");
        return shown.Select((c, i) =>
        {
            var article = Load(searcher, c.Doc);
            var seed = reasons[i];
            return new Recommendation(article, c.Score, Reasons.Of(reasonPrefix, seedTitles[seed], article, profile.SeedTerms[seed], c.Fresh));
        }).ToList();
    }

    /// <summary>
    /// For each of <paramref name="docs"/>, the seed that gave the most weight to the query terms the document
    /// matches: what to name as the reason.
    /// </summary>
    static int[] ClosestSeeds(IndexReader reader, IReadOnlyList<int> docs, ProfileQuery profile, IReadOnlyList<Seed> seeds)
    {
        var closest = new int[docs.Count];
        if (seeds.Count == 1) return closest;
        var shares = new double[docs.Count, seeds.Count];
        foreach (var clause in profile.Clauses)
        {
            var matching = Postings.Containing(reader, clause.Term, clause.States, docs);
            if (matching.Count == 0) continue;
            for (var seed = 0; seed < seeds.Count; seed++)
            {
                if (!profile.SeedTerms[seed].TryGetValue(clause.Term, out var weight)) continue;
                foreach (var doc in matching) shares[doc, seed] += seeds[seed].Weight * weight;
            }
        }
        for (var doc = 0; doc < docs.Count; doc++)
        {
            for (var seed = 1; seed < seeds.Count; seed++)
            {
                if (shares[doc, seed] > shares[doc, closest[doc]]) closest[doc] = seed;
            }
        }
        return closest;
    }

    double BoostFactor(DateTimeOffset? pubDate, string? url, RecommendationRequest request, DateTimeOffset now)
    {
        var factor = 1.0;
        foreach (var boost in request.Boosts)
        {
            if (boost != Boost.Recency) factor *= EngagementSignals.BoostFactor(SignalOf(url, boost, request));
            else if (pubDate is { } published) factor *= Decay(now - published, request.HalfLife);
        }
        return factor;
    }

    double SignalOf(string? url, Boost signal, RecommendationRequest request) =>
        engagement is null || url is null ? 0 : engagement.Signal(request.Filter.Site, url, signal, EngagementWindow.LastDay);

    static double Decay(TimeSpan age, TimeSpan halfLife) =>
        Math.Pow(2, -Math.Max(0, age.TotalHours) / halfLife.TotalHours);

    static string UrlOf(IndexSearcher searcher, int doc) =>
        searcher.Doc(doc, new HashSet<string> { ArticleFields.Url }).Get(ArticleFields.Url) ?? "";

    static DateTimeOffset? PubDateOf(IndexSearcher searcher, int doc) =>
        searcher.Doc(doc, new HashSet<string> { ArticleFields.PubDate }).GetField(ArticleFields.PubDate)?.GetInt64Value() is { } millis
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;

    static Article Load(IndexSearcher searcher, int doc) => ArticleDocuments.ToArticle(searcher.Doc(doc, ListingFields));
}
