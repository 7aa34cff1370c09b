using Lucene.Net.Search;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Stories;

namespace Recommender.Core.Recommendations;

/// <summary>A candidate of a recommendation in its final place: whether it holds a fresh article's place.</summary>
/// <remarks>
/// A value: as objects, the window's ~120 a request were 4.5 KB of a warm personalised request's allocation at 100k
/// articles; held in the lists' arrays instead, they save ~1 KB and 120 objects a request (docs/BENCHMARKS.md, h-warm4).
/// </remarks>
public readonly record struct ArrangedCandidate(int Doc, double Score, bool Fresh);

/// <summary>
/// Turns the relevance ranking of the candidate window into the list that is paged: one article per story
/// (unless the request asks for all), a share of every page for fresh articles that match the same query,
/// then the site's business rules, which win where they disagree with the fresh share. With stories collapsed and no
/// fresh share, the list ends after the head that can be shown (twice the places up to the page asked, or the rules'
/// reach): the stories of the window's other candidates are not read.
/// </summary>
public static class CandidateArrangement
{
    public static List<ArrangedCandidate> Arrange(IndexSearcher searcher, IReadOnlyList<QueryTerm> query,
        IEnumerable<(int Doc, double Score)> ranked, IReadOnlySet<int> hidden, RecommendationRequest request, DateTimeOffset now,
        Func<int, Article> listed)
    {
        var candidates = ranked.Select(c => new ArrangedCandidate(c.Doc, c.Score, false)).ToList();
        var freshPlaces = request.FreshSlots.PlacesPerPage(request.Limit) > 0;
        if (freshPlaces) candidates = WithFresh(searcher, query, candidates, hidden, request, now);
        // Collapsed stories leave no two articles of one story to separate.
        var rules = request.CollapseStories ? request.Rules with { SeparateStories = false } : request.Rules;
        // Only the head that can be shown is arranged, with as many again to fill places the rules refuse: reading
        // the stored fields of every candidate of the window was most of a personalised request's cost. Fresh places
        // may be filled from anywhere in the window, so then every candidate is collapsed.
        var headCount = 2 * Math.Max(request.Page * request.Limit, rules.Within);
        if (request.CollapseStories)
        {
            candidates = StoryCollapse.Collapse(candidates, c => ArticleDocuments.StoryOf(searcher.IndexReader, c.Doc), c => c.Score,
                freshPlaces ? int.MaxValue : headCount);
        }
        if (freshPlaces) candidates = FreshSlots.Reserve(candidates, c => c.Fresh, request.FreshSlots, request.Limit);
        if (rules.Any)
        {
            var head = candidates.Take(headCount).ToList();
            candidates = [.. BusinessRules.Apply(head, rules, c => listed(c.Doc)), .. candidates.Skip(head.Count)];
        }
        return candidates;
    }

    /// <summary>
    /// The candidates with the best matches of the query among the articles published within the fresh window
    /// marked fresh; those the window missed (a new article has little to rank it yet) follow the others.
    /// </summary>
    static List<ArrangedCandidate> WithFresh(IndexSearcher searcher, IReadOnlyList<QueryTerm> query, List<ArrangedCandidate> candidates,
        IReadOnlySet<int> hidden, RecommendationRequest request, DateTimeOffset now)
    {
        var recently = new BooleanQuery
        {
            { request.Filter.ToQuery(), Occur.MUST },
            { NumericRangeQuery.NewInt64Range(ArticleFields.PubDate, (now - request.FreshSlots.Within).ToUnixTimeMilliseconds(), null, true, true), Occur.MUST },
        };
        var fresh = TermAtATimeSearch.Search(searcher, query, new QueryWrapperFilter(recently), request.Page * request.Limit + hidden.Count)
            .Where(hit => !hidden.Contains(hit.Doc))
            .ToDictionary(hit => hit.Doc, hit => (double)hit.Score);
        return
        [
            .. candidates.Select(c => c with { Fresh = fresh.ContainsKey(c.Doc) }),
            .. fresh.Where(f => candidates.All(c => c.Doc != f.Key)).Select(f => new ArrangedCandidate(f.Key, f.Value, true)),
        ];
    }
}
