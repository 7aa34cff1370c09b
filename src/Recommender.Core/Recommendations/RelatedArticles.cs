using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Engagement;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Semantic;
using Candidate = (int Doc, double Score, System.DateTimeOffset? PubDate, string? Url);

namespace Recommender.Core.Recommendations;

/// <summary>
/// Answers "what next?": articles like one page (contextual), like what one reader read (personalised),
/// the site's trending or popular articles, or, with nothing to start from, its popular recent articles.
/// Engagement boosts, sorts and lists read <paramref name="engagement"/>; without it they are neutral or empty.
/// </summary>
public sealed class RelatedArticles(ArticleIndex index, ProfileQueryBuilder queries, TimeProvider clock, EngagementSignals? engagement = null)
{
    /// <summary>Relevance is re-ranked by boosts and date within this many best candidates.</summary>
    const int CandidateWindow = 100;

    /// <summary>The fallback for a page or reader with nothing to start from chooses among this many newest articles.</summary>
    const int RecentCandidates = 200;

    /// <summary>The trending and popular lists look up this many of the site's best pages; the filter and paging choose among them.</summary>
    const int EngagedCandidates = 300;

    /// <summary>
    /// The answer of <c>/related</c>, which the eval measures too. <paramref name="page"/> is the indexed page the reader
    /// is on, if any; <paramref name="history"/> the reader's reads, newest first, or null when no reader is named.
    /// Trending and popular lists leave out the page and every read. A related list starts from the reader's reads with
    /// the page as the newest (the reader is reading it now), else from the page; with nothing indexed to start from it
    /// is the site's popular recent articles (<see cref="Recent"/>).
    /// </summary>
    public IReadOnlyList<Recommendation> Answer(RecommendationRequest request, string? page, IReadOnlyList<ProfileEntry>? history)
    {
        if (request.Strategy != RecommendationStrategy.Related)
        {
            var seen = (history ?? []).Select(h => h.Url).Concat(page is null ? [] : [page]);
            var unseen = request with { Filter = request.Filter with { ExcludeUrls = [.. request.Filter.ExcludeUrls, .. seen] } };
            return request.Strategy == RecommendationStrategy.Trending ? Trending(unseen) : Popular(unseen);
        }
        var answer = history is not null
            ? ForReader(page is null ? history : [new ProfileEntry(page, clock.GetUtcNow(), 1), .. history.Where(h => h.Url != page)], request)
            : page is null ? null : ForArticle(page, request);
        return answer ?? Recent(request);
    }

    /// <summary>Articles like the one at <paramref name="url"/>; null when it is not indexed.</summary>
    public IReadOnlyList<Recommendation>? ForArticle(string url, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var doc = index.DocOf(searcher, request.Filter.Site, url);
            if (doc is null) return null;
            return Recommend(searcher, [new Seed(doc.Value, 1)], new HashSet<int> { doc.Value }, request, request.Filter.ToFilter(), "related to");
        });

    /// <summary>
    /// Articles for a reader, from the reader's history (newest first): the most recent reads, each weighted
    /// 2^(−age/half-life) times its training weight, make one query; everything read is hidden. Null when
    /// none of the reads is indexed yet.
    /// </summary>
    public IReadOnlyList<Recommendation>? ForReader(IReadOnlyList<ProfileEntry> history, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var (seeds, read) = ReaderSeeds(searcher, history, request);
            if (seeds.Count == 0) return null;
            return Recommend(searcher, seeds, read, request, request.Filter.ToFilter(), "because you read");
        });

    /// <summary>
    /// <see cref="ForReader"/> for a page of readers at once, as a newsletter digest asks: one searcher and one filter for
    /// all of them, the readers spread over every core. Each reader's <c>AlsoHidden</c> URLs (what an earlier digest sent)
    /// never show: they are hidden by document number as the reads are, where a filter naming them would look up each
    /// URL's terms again per reader. An answer is null for a reader none of whose reads is indexed.
    /// </summary>
    public IReadOnlyList<Recommendation>?[] ForReaders(IReadOnlyList<(IReadOnlyList<ProfileEntry> History, IEnumerable<string> AlsoHidden)> readers,
        RecommendationRequest request, CancellationToken ct) =>
        index.WithSearcher(searcher =>
        {
            var filter = request.Filter.ToFilter();
            var answers = new IReadOnlyList<Recommendation>?[readers.Count];
            Parallel.For(0, readers.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var (seeds, hidden) = ReaderSeeds(searcher, readers[i].History, request);
                if (seeds.Count == 0) return;
                foreach (var url in readers[i].AlsoHidden)
                {
                    if (index.DocOf(searcher, request.Filter.Site, url) is { } doc) hidden.Add(doc);
                }
                answers[i] = Recommend(searcher, seeds, hidden, request, filter, "because you read");
            });
            return answers;
        });

    /// <summary>
    /// The semantic side of a reader's interest in each of <paramref name="candidateUrls"/>: the cosine of the
    /// candidate's vector with the reader's (the mean of the vectors of their most recent reads, weighted as
    /// <see cref="ForReader"/> weighs them). Null for a candidate that is not indexed or has no vector; all null when
    /// none of the reads has a vector. Reads stored vectors only, so it costs about a microsecond per candidate.
    /// </summary>
    public IReadOnlyList<double?> SemanticScores(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> candidateUrls, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var reader = searcher.IndexReader;
            var meaning = ReaderVector.Of(reader, ReaderSeeds(searcher, history, request).Seeds);
            return candidateUrls.Select(url => meaning is not null && index.DocOf(searcher, request.Filter.Site, url) is { } doc &&
                ArticleDocuments.VectorOf(reader, doc) is { } vector ? vector.Cosine(meaning) : (double?)null).ToList();
        });

    /// <summary>
    /// The reader's most recent indexed reads, each weighted 2^(−age/half-life) × training weight, and every indexed read.
    /// <see cref="CandidateRanking"/> starts from the same seeds, so <c>/rank</c> and <c>/related?uuid=</c> weigh a reader alike.
    /// </summary>
    internal (List<Seed> Seeds, HashSet<int> Read) ReaderSeeds(IndexSearcher searcher, IReadOnlyList<ProfileEntry> history, RecommendationRequest request)
    {
        var now = clock.GetUtcNow();
        var seeds = new List<Seed>();
        var read = new HashSet<int>();
        foreach (var entry in history)
        {
            if (index.DocOf(searcher, request.Filter.Site, entry.Url) is not { } doc) continue;
            read.Add(doc);
            if (seeds.Count < request.RecentReads) seeds.Add(new Seed(doc, entry.Weight * Decay(now - entry.Time, request.HalfLife)));
        }
        return (seeds, read);
    }

    /// <summary>
    /// The site's popular recent articles, for a page or reader with nothing to start from: of the newest
    /// articles, those most viewed in the last day first ("popular now"), then the others newest first.
    /// </summary>
    public IReadOnlyList<Recommendation> Recent(RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var newest = searcher.Search(new MatchAllDocsQuery(), request.Filter.ToFilter(), Math.Max(RecentCandidates, request.Page * request.Limit),
                new Sort(new SortField(ArticleFields.PubDate, SortFieldType.INT64, reverse: true)));
            // The sort is stable: articles with as many views, or none, stay newest first.
            return newest.ScoreDocs
                .Select(hit => (hit.Doc, Views: engagement is null ? 0 : SignalOf(UrlOf(searcher, hit.Doc), Boost.Views, request)))
                .OrderByDescending(c => c.Views)
                .Skip((request.Page - 1) * request.Limit)
                .Take(request.Limit)
                .Select(c => new Recommendation(index.Listed(searcher, c.Doc), c.Views, c.Views > 0 ? "popular now" : "new on this site"))
                .ToList();
        });

    /// <summary>The site's indexed articles whose views rise most this hour (<see cref="EngagementSignals.Trending"/>), with the request's filter.</summary>
    public IReadOnlyList<Recommendation> Trending(RecommendationRequest request) =>
        Listed(engagement?.Trending(request.Filter.Site, EngagedCandidates).Select(t => (t.Url, t.Score)).ToList() ?? [], request, "trending");

    /// <summary>The site's indexed articles most viewed in the last day, with the request's filter.</summary>
    public IReadOnlyList<Recommendation> Popular(RecommendationRequest request) =>
        Listed(engagement?.MostViewed(request.Filter.Site, EngagedCandidates) ?? [], request, "popular now");

    /// <summary>The pages of <paramref name="ranked"/> (best first) that are indexed and pass the request's filter, one page of them.</summary>
    IReadOnlyList<Recommendation> Listed(IReadOnlyList<(string Url, double Score)> ranked, RecommendationRequest request, string reason)
    {
        if (ranked.Count == 0) return [];
        var scores = ranked.ToDictionary(page => page.Url, page => page.Score);
        return index.WithSearcher(searcher =>
        {
            var onlyRanked = new ConstantScoreQuery(new TermsFilter(ArticleFields.Url, [.. scores.Keys.Select(url => new BytesRef(url))]));
            return searcher.Search(onlyRanked, request.Filter.ToFilter(), scores.Count).ScoreDocs
                .Select(hit => (hit.Doc, Url: UrlOf(searcher, hit.Doc)))
                .Select(c => (c.Doc, c.Url, Score: scores.GetValueOrDefault(c.Url)))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Url, StringComparer.Ordinal)
                .Skip((request.Page - 1) * request.Limit)
                .Take(request.Limit)
                .Select(c => new Recommendation(index.Listed(searcher, c.Doc), c.Score, reason))
                .ToList();
        });
    }

    /// <param name="hidden">The seeds and every other article already read, which never show.</param>
    /// <param name="filter">The request's filter (<see cref="ArticleFilter.ToFilter"/>), made once for many readers.</param>
    IReadOnlyList<Recommendation> Recommend(IndexSearcher searcher, IReadOnlyList<Seed> seeds, IReadOnlySet<int> hidden,
        RecommendationRequest request, Filter filter, string reasonPrefix)
    {
        var reader = searcher.IndexReader;
        var profile = queries.Build(reader, seeds);
        var wanted = request.Page * request.Limit;
        // Read articles are dropped from the hits by document number rather than filtered out by URL: an article read
        // under another address is still itself, and the filter would look up each URL's terms on every request.
        var found = TermAtATimeSearch.Search(searcher, profile.Clauses, filter, Math.Max(wanted, CandidateWindow) + hidden.Count);
        var hits = new List<ScoreDoc>(found.Length);
        foreach (var hit in found)
        {
            if (!hidden.Contains(hit.Doc)) hits.Add(hit);
        }
        var sectionFactors = profile.SectionFactors(reader, [.. hits.Select(hit => hit.Doc)]);
        var now = clock.GetUtcNow();

        // A candidate's date and URL are read once, and only when the sort, a boost or the blend with views needs them.
        var needsDate = request.Sort == ArticleSort.PubDateDescending || request.Boosts.Contains(Boost.Recency);
        // At α = 1 the blend with views is relevance itself: then no views are read.
        var blendsViews = engagement is not null && request.Alpha < 1;
        var needsUrl = engagement is not null && (blendsViews || request.SortBySignal is not null || request.Boosts.Any(b => b != Boost.Recency));
        // Sized once: grown from an indexed Select (whose count it cannot know), the list copied the window's candidates
        // (~50 bytes each) at every doubling, the largest part (~24 KB) of a warm personalised request's allocation at
        // 100k articles (docs/BENCHMARKS.md, h-warm4).
        var candidates = new List<Candidate>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var doc = hits[i].Doc;
            candidates.Add((doc, hits[i].Score * sectionFactors[i], needsDate ? PubDateOf(searcher, doc) : null, needsUrl ? UrlOf(searcher, doc) : null));
        }
        if (request.SemanticWeight > 0) BlendWithMeaning(reader, candidates, seeds, request.SemanticWeight);
        if (blendsViews) candidates = BlendedWithViews(candidates, request);
        // In place, as BlendWithMeaning: each new list of the window was 7 KB a request at 100k articles.
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            candidates[i] = c with { Score = c.Score * BoostFactor(c.PubDate, c.Url, request, now) };
        }
        // By relevance, the usual order, the pairs are sorted rather than the candidates: the sort copies what it sorts.
        var ranked = request.SortBySignal is { } signal
            ? candidates.OrderByDescending(c => SignalOf(c.Url, signal, request)).ThenByDescending(c => c.Score).Select(c => (c.Doc, c.Score))
            : request.Sort == ArticleSort.PubDateDescending
                ? candidates.OrderByDescending(c => c.PubDate).Select(c => (c.Doc, c.Score))
                : candidates.Select(c => (c.Doc, c.Score)).OrderByDescending(c => c.Score);

        var arranged = CandidateArrangement.Arrange(searcher, profile.Clauses, ranked, hidden, request, now,
            doc => index.Listed(searcher, doc));
        var shown = arranged.Skip(wanted - request.Limit).Take(request.Limit).ToList();
        var reasons = ClosestSeeds(reader, [.. shown.Select(c => c.Doc)], profile, seeds);
        return shown.Select((c, i) =>
            new Recommendation(index.Listed(searcher, c.Doc), c.Score, ReasonOf(searcher, c.Doc, profile, seeds, reasons[i], reasonPrefix, c.Fresh))).ToList();
    }

    /// <summary>Why the article at <paramref name="doc"/> is recommended: the title of its closest seed and the terms they share.</summary>
    internal string ReasonOf(IndexSearcher searcher, int doc, ProfileQuery profile, IReadOnlyList<Seed> seeds, int seed,
        string reasonPrefix, bool fresh) =>
        Reasons.Of(reasonPrefix, index.Listed(searcher, seeds[seed].Doc).Title, index.Listed(searcher, doc), index.ReasonTermsOf(searcher, doc),
            profile.SeedTerms[seed], fresh);

    /// <summary>
    /// For each of <paramref name="docs"/>, the seed that gave the most weight to the query terms the document
    /// matches: what to name as the reason.
    /// </summary>
    internal static int[] ClosestSeeds(IndexReader reader, IReadOnlyList<int> docs, ProfileQuery profile, IReadOnlyList<Seed> seeds)
    {
        var closest = new int[docs.Count];
        if (seeds.Count == 1) return closest;
        var shares = new double[docs.Count, seeds.Count];
        var postings = new Postings(reader, docs);
        foreach (var clause in profile.Clauses)
        {
            var matching = postings.Containing(clause.Term, clause.States);
            if (matching.Count == 0) continue;
            var term = new HashedTerm(clause.Term);
            for (var seed = 0; seed < seeds.Count; seed++)
            {
                if (!profile.SeedTerms[seed].TryGetValue(term, out var seedTerm)) continue;
                foreach (var doc in matching) shares[doc, seed] += seeds[seed].Weight * seedTerm.Weight;
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

    /// <summary>
    /// The candidates' relevance blended, in place, with their meaning's closeness to the seeds', the meaning fed back from the
    /// window's best (<see cref="ReaderVector.WithMeaningFedBack"/>): the lexical window re-ranked, which costs a vector
    /// read and two cosines per candidate (docs/BENCHMARKS.md). Unchanged when no seed has a vector.
    /// </summary>
    static void BlendWithMeaning(IndexReader reader, List<Candidate> candidates, IReadOnlyList<Seed> seeds, double weight)
    {
        var blended = ReaderVector.WithMeaningFedBack(reader, seeds, [.. candidates.Select(c => c.Doc)], [.. candidates.Select(c => c.Score)], weight);
        if (blended is null) return;
        for (var i = 0; i < candidates.Count; i++) candidates[i] = candidates[i] with { Score = blended[i] };
    }

    /// <summary>
    /// The candidates' relevance blended with their views of the last day by the request's α (<see cref="HybridScore.Blend"/>),
    /// times the best relevance: in relevance's units, so that the fresh articles the window missed, which only
    /// relevance scores, still compare with them.
    /// </summary>
    List<Candidate> BlendedWithViews(List<Candidate> candidates, RecommendationRequest request)
    {
        // Best first, so that candidates the blend ties (none of them viewed, at α = 0) stay in relevance order.
        var byRelevance = candidates.OrderByDescending(c => c.Score).ToList();
        var blended = HybridScore.Blend(
            [.. byRelevance.Select(c => c.Score)], [.. byRelevance.Select(c => SignalOf(c.Url, Boost.Views, request))], request.Alpha);
        var bestRelevance = byRelevance.Count == 0 ? 0 : byRelevance[0].Score;
        return [.. byRelevance.Select((c, i) => c with { Score = blended[i] * bestRelevance })];
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

    internal double SignalOf(string? url, Boost signal, RecommendationRequest request) =>
        engagement is null || url is null ? 0 : engagement.Signal(request.Filter.Site, url, signal, EngagementWindow.LastDay);

    static double Decay(TimeSpan age, TimeSpan halfLife) =>
        Math.Pow(2, -Math.Max(0, age.TotalHours) / halfLife.TotalHours);

    string UrlOf(IndexSearcher searcher, int doc) => index.Listed(searcher, doc).Url;

    /// <summary>From the date's doc values rather than the stored fields, whose whole compressed block a read unpacks.</summary>
    static DateTimeOffset? PubDateOf(IndexSearcher searcher, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var local = doc - leaf.DocBase;
        if (leaf.AtomicReader.GetDocsWithField(ArticleFields.PubDate) is not { } dated || !dated.Get(local)) return null;
        return DateTimeOffset.FromUnixTimeMilliseconds(leaf.AtomicReader.GetNumericDocValues(ArticleFields.PubDate).Get(local));
    }
}
