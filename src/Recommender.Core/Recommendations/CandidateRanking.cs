using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.ClickThrough;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Semantic;

namespace Recommender.Core.Recommendations;

/// <summary>
/// Scores candidates the caller gives for one reader: a way to score is lexical (<see cref="CandidateRanking"/>),
/// and the evaluation compares every one it is given. A semantic scorer (the cosine of the reader's vector, the
/// recency-weighted mean of their reads' vectors, with each candidate's vector) implements the same contract.
/// </summary>
public interface ICandidateScorer
{
    /// <summary>What the evaluation calls it ("lexical", "semantic").</summary>
    string Name { get; }

    /// <summary>
    /// Each candidate's score for the reader, in the order of <paramref name="urls"/>: higher is likelier to be read,
    /// 0 when nothing ties it to the reader's reads (or the reader has none), null when it is not indexed.
    /// </summary>
    /// <param name="history">The reader's reads, newest first, as the profile store returns them.</param>
    IReadOnlyList<double?> Score(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls, RecommendationRequest request);
}

/// <summary>One ranked candidate: its article (null when it is not indexed), its score and why it is where it is.</summary>
public sealed record RankedCandidate(string Url, Article? Article, double? Score, string Reason)
{
    public bool Indexed => Article is not null;
}

/// <summary>
/// Orders the candidates a caller gives (<c>/rank</c>) as this reader would most likely read them: by the relevance
/// of each to the reader's history, scored with the query <c>/related?uuid=</c> builds (the most recent reads,
/// each weighted by 2^(−age/half-life), <see cref="RelatedArticles.ReaderSeeds"/>), but only over the candidates.
/// Where the site's boxes saw any candidate clicked, relevance is blended with each candidate's click-through there
/// (<see cref="RecommendationRequest.ClickThrough"/>). Candidates as relevant (none related at all, or a reader with no
/// indexed read) go by co-reading when the site uses it (<see cref="RecommendationRequest.CoReading"/>), then by views of
/// the last day, then in the order given; read ones after the unread, not indexed ones last. With the site's semantic
/// layer on (<see cref="RecommendationRequest.SemanticWeight"/>), relevance is blended with meaning as <c>/related</c> blends it.
/// </summary>
public sealed class CandidateRanking(ArticleIndex index, RelatedArticles related, ProfileQueryBuilder queries)
    : ICandidateScorer
{
    /// <summary>Candidates one ranking takes at most: each is looked up in the index, and the answer lists them all.</summary>
    public const int MaxCandidates = 500;

    public const string NotIndexed = "not indexed";
    public const string AlreadyRead = "already read";

    /// <summary>The reason of a candidate that shares no word with the reads but is near them in meaning (the semantic layer).</summary>
    public const string CloseInMeaning = "close in meaning to your reads";

    /// <summary>The reason of a candidate ranked by its click-through in the site's boxes (<see cref="RecommendationRequest.ClickThrough"/>).</summary>
    public const string ClickedWhereShown = "readers click it where it is shown";

    /// <summary>The reason of a candidate ranked by co-reading (<see cref="RecommendationRequest.CoReading"/>).</summary>
    public const string ReadersWentOn = "readers of what you read went on to read this";

    public string Name => "lexical";

    /// <summary>The relevance of each candidate to the reader, as <see cref="Rank"/> orders them.</summary>
    public IReadOnlyList<double?> Score(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls, RecommendationRequest request) =>
        index.WithSearcher(searcher => Scored(searcher, history, urls, request, withReasons: false).Candidates
            .Select(c => c.Doc is null ? (double?)null : c.Relevance).ToList());

    /// <summary>Every candidate, best first, with its score and reason; duplicates of a URL are listed once.</summary>
    public IReadOnlyList<RankedCandidate> Rank(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls, RecommendationRequest request) =>
        index.WithSearcher(searcher =>
        {
            var (candidates, hasReads) = Scored(searcher, history, urls.Distinct().ToList(), request, withReasons: true);
            var candidateUrls = candidates.Select(c => c.Url).ToList();
            var rates = request.ClickThrough is { } blend ? [.. candidateUrls.Select(blend.Rates.RateOf)] : new double[candidates.Count];
            var byClickThrough = rates.Any(rate => rate > 0);
            // Interest, blended with the site's click-through when the site's boxes saw any candidate clicked.
            var scores = ClickThroughBlend.Apply([.. candidates.Select(c => c.Relevance)], rates, request.ClickThrough?.Alpha ?? 1);
            // Scores are those when anything is relevant or clicked, else co-reading when any, else views: one unit per answer.
            var personal = candidates.Any(c => c.Relevance > 0) || byClickThrough;
            var views = candidates.Select(c => c.Doc is { } doc ? related.SignalOf(index.Listed(searcher, doc).Url, Boost.Views, request) : 0).ToList();
            var coRead = request.CoReading?.Score(history.Take(request.RecentReads).Select(read => read.Url), candidateUrls)
                ?? new double[candidates.Count];
            var coReadOnly = !personal && coRead.Any(c => c > 0);
            // OrderBy is stable: what ties keeps the order given.
            return candidates
                .Select((c, i) => (Candidate: c, Score: scores[i], Rate: rates[i], CoRead: coRead[i], Views: views[i]))
                .OrderBy(c => c.Candidate.Doc is null ? 2 : c.Candidate.Read ? 1 : 0)
                .ThenByDescending(c => c.Score)
                .ThenByDescending(c => c.CoRead)
                .ThenByDescending(c => c.Views)
                .Select(c => c.Candidate.Doc is not { } doc
                    ? new RankedCandidate(c.Candidate.Url, null, null, NotIndexed)
                    : new RankedCandidate(c.Candidate.Url, index.Listed(searcher, doc), personal ? c.Score : coReadOnly ? c.CoRead : c.Views,
                        c.Candidate.Read ? AlreadyRead : c.Candidate.Reason ?? (c.Rate > 0 ? ClickedWhereShown : c.CoRead > 0 ? ReadersWentOn
                            : c.Views > 0 ? "popular now" : hasReads ? "nothing in common with your reads" : "no reading history")))
                .ToList();
        });

    /// <param name="Reason">Set when the candidate is related to the reader's reads: which read, and what they share.</param>
    sealed record Candidate(string Url, int? Doc, bool Read, double Relevance, string? Reason);

    /// <param name="withReasons">Whether to name each related candidate's closest read: only an answer shows it, and it walks every clause's postings.</param>
    /// <returns>The candidates in the order given, and whether the reader has any indexed read.</returns>
    (List<Candidate> Candidates, bool HasReads) Scored(IndexSearcher searcher, IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls,
        RecommendationRequest request, bool withReasons)
    {
        var docs = urls.Select(url => index.DocOf(searcher, request.Filter.Site, url)).ToList();
        var (seeds, read) = related.ReaderSeeds(searcher, history, request);
        var known = docs.OfType<int>().Distinct().ToList();
        var relevance = new Dictionary<int, double>();
        var reasons = new Dictionary<int, string>();
        if (seeds.Count > 0 && known.Count > 0)
        {
            var reader = searcher.IndexReader;
            var profile = queries.Build(reader, seeds);
            var hits = TermAtATimeSearch.Search(searcher, profile.Clauses, new OnlyDocs(known), known.Count);
            var matched = hits.Select(hit => hit.Doc).ToList();
            var sectionFactors = profile.SectionFactors(reader, matched);
            for (var i = 0; i < hits.Length; i++) relevance[matched[i]] = hits[i].Score * sectionFactors[i];
            if (withReasons)
            {
                var closest = RelatedArticles.ClosestSeeds(reader, matched, profile, seeds);
                for (var i = 0; i < matched.Count; i++)
                    reasons[matched[i]] = related.ReasonOf(searcher, matched[i], profile, seeds, closest[i], "because you read", fresh: false);
            }
            // Blended with meaning as /related blends its window, so that a candidate sharing no word with the reads can still rank by what it is about.
            if (request.SemanticWeight > 0 &&
                ReaderVector.WithMeaning(reader, seeds, known, [.. known.Select(doc => relevance.GetValueOrDefault(doc))], request.SemanticWeight) is { } blended)
            {
                for (var i = 0; i < known.Count; i++) relevance[known[i]] = blended[i];
            }
        }
        return ([.. urls.Select((url, i) => docs[i] is { } doc
            ? new Candidate(url, doc, read.Contains(doc), relevance.GetValueOrDefault(doc),
                reasons.GetValueOrDefault(doc) ?? (relevance.GetValueOrDefault(doc) > 0 ? CloseInMeaning : null))
            : new Candidate(url, null, false, 0, null))], seeds.Count > 0);
    }

    /// <summary>Accepts only the given (live) documents: the search then scores the candidates and nothing else.</summary>
    sealed class OnlyDocs(IReadOnlyList<int> docs) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            var maxDoc = context.AtomicReader.MaxDoc;
            FixedBitSet? accepted = null;
            foreach (var doc in docs)
            {
                var local = doc - context.DocBase;
                if (local < 0 || local >= maxDoc || (acceptDocs is not null && !acceptDocs.Get(local))) continue;
                (accepted ??= new FixedBitSet(maxDoc)).Set(local);
            }
            return accepted;
        }
    }
}
