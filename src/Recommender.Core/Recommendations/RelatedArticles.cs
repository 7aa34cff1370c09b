using Lucene.Net.Index;
using Lucene.Net.Search;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;

namespace Recommender.Core.Recommendations;

/// <summary>
/// Answers "what next?": articles like one page (contextual), like what one reader read (personalised),
/// or, with nothing to start from, the site's recent articles.
/// </summary>
public sealed class RelatedArticles(ArticleIndex index, ProfileQueryBuilder queries, TimeProvider clock)
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
            var filter = request.Filter with { ExcludeUrls = [.. request.Filter.ExcludeUrls, url, UrlOf(searcher, doc.Value)] };
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
                if (ArticleIndex.FindDoc(searcher, request.Filter.Site, read.Url) is { } doc)
                    seeds.Add(new Seed(doc, read.Weight * Decay(now - read.Time, request.HalfLife)));
            }
            if (seeds.Count == 0) return null;
            // A read may have been trained under another address of the article: its own URL is hidden too.
            var hidden = history.Select(h => h.Url).Concat(seeds.Select(s => UrlOf(searcher, s.Doc)));
            var filter = request.Filter with { ExcludeUrls = [.. request.Filter.ExcludeUrls, .. hidden] };
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
        var profile = queries.Build(searcher.IndexReader, seeds);
        var wanted = request.Page * request.Limit;
        var top = searcher.Search(profile.Query, request.Filter.ToFilter(), Math.Max(wanted, CandidateWindow));
        var now = clock.GetUtcNow();

        // A candidate's date is read once, and only when the sort or a boost needs it.
        var needsDate = request.Sort == ArticleSort.PubDateDescending || request.Boosts.Contains(Boost.Recency);
        var candidates = top.ScoreDocs
            .Select(hit => (hit.Doc, hit.Score, PubDate: needsDate ? PubDateOf(searcher, hit.Doc) : null))
            .Select(c => (c.Doc, Score: c.Score * BoostFactor(c.PubDate, request, now), c.PubDate))
            .ToList();
        var ranked = request.Sort == ArticleSort.PubDateDescending
            ? candidates.OrderByDescending(c => c.PubDate)
            : candidates.OrderByDescending(c => c.Score);

        var arranged = CandidateArrangement.Arrange(searcher, profile.Query, ranked.Select(c => (c.Doc, c.Score)), request, now);
        var seedTerms = profile.SeedTerms.SelectMany(terms => terms.Keys).ToHashSet();
        var chosen = arranged.Skip(wanted - request.Limit).Take(request.Limit)
            .Select(c => (c.Doc, c.Score, c.Fresh, Seed: ClosestSeed(searcher.IndexReader, c.Doc, profile, seeds, seedTerms)))
            .ToList();
        // Only the titles of the seeds that are named as reasons are loaded.
        var seedTitles = chosen.Select(c => c.Seed).Distinct().ToDictionary(seed => seed,
            seed => searcher.Doc(seeds[seed].Doc, new HashSet<string> { ArticleFields.Title }).Get(ArticleFields.Title) ?? "");
        return chosen.Select(c =>
        {
            var article = Load(searcher, c.Doc);
            return new Recommendation(article, c.Score, Reasons.Of(reasonPrefix, seedTitles[c.Seed], article, profile.SeedTerms[c.Seed], c.Fresh));
        }).ToList();
    }

    /// <summary>The seed that shares the most weighted terms with <paramref name="doc"/>: what to name as the reason.</summary>
    static int ClosestSeed(IndexReader reader, int doc, ProfileQuery profile, IReadOnlyList<Seed> seeds, HashSet<Term> seedTerms)
    {
        if (seeds.Count == 1) return 0;
        var docTerms = new HashSet<Term>();
        foreach (var field in new[] { ArticleFields.Text, ArticleFields.Title })
        {
            var vector = reader.GetTermVector(doc, field);
            if (vector is null) continue;
            var terms = vector.GetEnumerator();
            while (terms.MoveNext())
            {
                // Only terms some seed has can count; the others are not copied out of the enumerator.
                var term = new Term(field, terms.Term);
                if (seedTerms.Contains(term)) docTerms.Add(new Term(field, Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term)));
            }
        }
        var best = 0;
        var bestShare = double.MinValue;
        for (var i = 0; i < seeds.Count; i++)
        {
            var share = seeds[i].Weight * profile.SeedTerms[i].Where(t => docTerms.Contains(t.Key)).Sum(t => t.Value);
            if (share > bestShare) (best, bestShare) = (i, share);
        }
        return best;
    }

    static double BoostFactor(DateTimeOffset? pubDate, RecommendationRequest request, DateTimeOffset now)
    {
        var factor = 1.0;
        foreach (var boost in request.Boosts)
        {
            // Engagement signals (views, engaged time, referrals) come from the event pipeline; until an
            // article has any, its factor for them is neutral.
            if (boost == Boost.Recency && pubDate is { } published)
                factor *= Decay(now - published, request.HalfLife);
        }
        return factor;
    }

    static double Decay(TimeSpan age, TimeSpan halfLife) =>
        Math.Pow(2, -Math.Max(0, age.TotalHours) / halfLife.TotalHours);

    static DateTimeOffset? PubDateOf(IndexSearcher searcher, int doc) =>
        searcher.Doc(doc, new HashSet<string> { ArticleFields.PubDate }).GetField(ArticleFields.PubDate)?.GetInt64Value() is { } millis
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;

    static string UrlOf(IndexSearcher searcher, int doc) =>
        searcher.Doc(doc, new HashSet<string> { ArticleFields.Url }).Get(ArticleFields.Url) ?? "";

    static Article Load(IndexSearcher searcher, int doc) => ArticleDocuments.ToArticle(searcher.Doc(doc, ListingFields));
}
