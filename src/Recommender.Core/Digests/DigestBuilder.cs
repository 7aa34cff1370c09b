using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Digests;

/// <summary>One reader's newsletter: their uuid and the articles to send them, best first.</summary>
public sealed record Digest(string Uuid, IReadOnlyList<Recommendation> Items);

/// <summary>
/// One page of digests (readers with nothing to send left out), the readers it covered, and the last of them, from which
/// the next page starts (null after the last page).
/// </summary>
public sealed record DigestPage(IReadOnlyList<Digest> Digests, int Readers, ActiveReader? Last);

/// <summary>
/// Newsletter digests: for each reader active in a window, their interests (the recency-weighted profile query of
/// <c>/related?uuid=</c>, made for a page of readers at once by <see cref="RelatedArticles.ForReaders"/>) mixed with what is trending on the site, without
/// anything they read or an earlier digest sent them (<see cref="SentDigests"/>), which this one then remembers.
/// </summary>
public sealed class DigestBuilder(RelatedArticles related, IProfileStore profiles, SentDigests sent)
{
    /// <summary>Every third item (at least one) is trending, the rest the reader's interests; when one side runs short the other fills in.</summary>
    const int TrendingEvery = 3;

    /// <summary>
    /// The site-wide list each reader's trending items come from, computed once per page: 100 covers a reader who read or
    /// was sent 90 of the site's most trending articles and still leaves a digest's share.
    /// </summary>
    const int TrendingCandidates = 100;

    /// <summary>
    /// Digests for one page of the site's readers active since <paramref name="since"/>, starting after
    /// <paramref name="after"/> (the previous page's <see cref="DigestPage.Last"/>). <paramref name="request"/> is the
    /// site's list request; its <see cref="RecommendationRequest.Limit"/> is the items per digest. A reader with nothing to
    /// send is left out; what is sent is remembered before the page is returned.
    /// </summary>
    public async Task<DigestPage> PageAsync(DateTimeOffset since, ActiveReader? after, int readers, RecommendationRequest request, CancellationToken ct)
    {
        var site = request.Filter.Site;
        var active = await profiles.ActiveReadersAsync(site, since, after, readers, ct);
        if (active.Count == 0) return new DigestPage([], 0, null);

        var trending = TrendingNow(request with { Limit = TrendingCandidates, Page = 1 });
        // The histories and sent lists first (storage), then every reader's interests in one pass over the index.
        var readersOf = new (IReadOnlyList<ProfileEntry> History, IReadOnlySet<string> Sent)[active.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, active.Count), ct, async (i, ct) =>
            readersOf[i] = (await profiles.GetAsync(site, active[i].Uuid, int.MaxValue, ct), sent.Of(site, active[i].Uuid)));
        // ForReaders hides what each reader read and was sent.
        var interests = related.ForReaders([.. readersOf.Select(r => (r.History, (IEnumerable<string>)r.Sent))], request, ct);
        var digests = new Digest[active.Count];
        for (var i = 0; i < active.Count; i++)
            digests[i] = new Digest(active[i].Uuid, Mixed(interests[i] ?? [], trending, readersOf[i].History, readersOf[i].Sent, request.Limit));
        sent.Record(site, digests.Select(d => (d.Uuid, (IReadOnlyList<string>)[.. d.Items.Select(item => item.Article.Url)])));
        return new DigestPage([.. digests.Where(d => d.Items.Count > 0)], active.Count, active.Count < readers ? null : active[^1]);
    }

    /// <summary>What is trending on the site; without views in the last hour, what was most viewed today; without any, what is new.</summary>
    IReadOnlyList<Recommendation> TrendingNow(RecommendationRequest request) =>
        related.Trending(request) is { Count: > 0 } trending ? trending
        : related.Popular(request) is { Count: > 0 } popular ? popular
        : related.Recent(request);

    /// <summary>The reader's interests mixed with the trending articles they neither read, were sent, nor have among their interests.</summary>
    static IReadOnlyList<Recommendation> Mixed(IReadOnlyList<Recommendation> interests, IReadOnlyList<Recommendation> trending,
        IReadOnlyList<ProfileEntry> history, IReadOnlySet<string> alreadySent, int limit)
    {
        var read = history.Select(entry => entry.Url).ToHashSet(StringComparer.Ordinal);
        var taken = interests.Select(item => item.Article.Url).ToHashSet(StringComparer.Ordinal);
        var newTrending = trending.Where(item => !read.Contains(item.Article.Url) && !alreadySent.Contains(item.Article.Url) && !taken.Contains(item.Article.Url));
        return Mix(interests, [.. newTrending.Take(limit)], limit);
    }

    /// <summary>The reader's interests with a trending item at every third place, up to <paramref name="limit"/>.</summary>
    internal static IReadOnlyList<Recommendation> Mix(IReadOnlyList<Recommendation> interests, IReadOnlyList<Recommendation> trending, int limit)
    {
        var mixed = new List<Recommendation>(limit);
        int fromInterests = 0, fromTrending = 0;
        while (mixed.Count < limit && (fromInterests < interests.Count || fromTrending < trending.Count))
        {
            var trendingTurn = mixed.Count % TrendingEvery == TrendingEvery - 1 || (limit < TrendingEvery && mixed.Count == limit - 1);
            if (fromTrending < trending.Count && (trendingTurn || fromInterests == interests.Count)) mixed.Add(trending[fromTrending++]);
            else mixed.Add(interests[fromInterests++]);
        }
        return mixed;
    }
}
