using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Recommender.Core.Articles;

namespace Recommender.Core.Indexing;

/// <summary>
/// Which articles a query may return: always one site, optionally restricted (any of the listed sections,
/// authors, tags; a publication date range) and with exclusions. Section, author and tag values ignore case.
/// </summary>
public sealed record ArticleFilter
{
    public required string Site { get; init; }

    public IReadOnlyCollection<string> Sections { get; init; } = [];
    public IReadOnlyCollection<string> Authors { get; init; } = [];
    public IReadOnlyCollection<string> Tags { get; init; } = [];

    public IReadOnlyCollection<string> ExcludeSections { get; init; } = [];
    public IReadOnlyCollection<string> ExcludeAuthors { get; init; } = [];
    public IReadOnlyCollection<string> ExcludeTags { get; init; } = [];
    public IReadOnlyCollection<string> ExcludeUrlPrefixes { get; init; } = [];

    /// <summary>Articles to hide, such as the one being read or those the reader has seen.</summary>
    public IReadOnlyCollection<string> ExcludeUrls { get; init; } = [];

    /// <summary>First publication day included (UTC). Setting either bound drops articles without a date.</summary>
    public DateOnly? PubDateFrom { get; init; }

    /// <summary>Last publication day included (UTC).</summary>
    public DateOnly? PubDateTo { get; init; }

    /// <summary>A query that matches exactly the allowed articles; combine it as a required clause or use <see cref="ToFilter"/>.</summary>
    public Query ToQuery()
    {
        var query = new BooleanQuery { { new TermQuery(new Term(ArticleFields.Site, Site)), Occur.MUST } };
        AddAnyOf(query, Occur.MUST, ArticleFields.SectionKey, Keys(Sections));
        AddAnyOf(query, Occur.MUST, ArticleFields.AuthorKey, Keys(Authors));
        AddAnyOf(query, Occur.MUST, ArticleFields.TagKey, Keys(Tags));
        AddAnyOf(query, Occur.MUST_NOT, ArticleFields.SectionKey, Keys(ExcludeSections));
        AddAnyOf(query, Occur.MUST_NOT, ArticleFields.AuthorKey, Keys(ExcludeAuthors));
        AddAnyOf(query, Occur.MUST_NOT, ArticleFields.TagKey, Keys(ExcludeTags));
        AddAnyOf(query, Occur.MUST_NOT, ArticleFields.Url, ExcludeUrls.SelectMany(u => new[] { u, CanonicalUrl.Normalize(u) }));
        foreach (var prefix in ExcludeUrlPrefixes.Where(p => !string.IsNullOrEmpty(p)))
        {
            query.Add(new PrefixQuery(new Term(ArticleFields.Url, prefix)), Occur.MUST_NOT);
        }
        if (PubDateFrom is not null || PubDateTo is not null)
        {
            query.Add(NumericRangeQuery.NewInt64Range(ArticleFields.PubDate,
                PubDateFrom is { } from ? StartOfDay(from) : null,
                PubDateTo is { } to && to < DateOnly.MaxValue ? StartOfDay(to.AddDays(1)) - 1 : null,
                minInclusive: true, maxInclusive: true), Occur.MUST);
        }
        return query;
    }

    /// <summary>The same restriction as a filter, which does not touch scores (for example under MoreLikeThis).</summary>
    public Filter ToFilter() => IsSiteAndExclusionsOnly ? new SiteFilter(Site, ExcludeUrls) : new QueryWrapperFilter(ToQuery());

    // The common case (every personalised or contextual answer without listing restrictions) has a faster filter.
    bool IsSiteAndExclusionsOnly =>
        Sections.Count == 0 && Authors.Count == 0 && Tags.Count == 0 && ExcludeSections.Count == 0 && ExcludeAuthors.Count == 0 &&
        ExcludeTags.Count == 0 && ExcludeUrlPrefixes.Count == 0 && PubDateFrom is null && PubDateTo is null;

    // A terms filter instead of one clause per value: exclusion sets (a reader's history) may exceed
    // BooleanQuery's 1,024-clause limit.
    static void AddAnyOf(BooleanQuery query, Occur occur, string field, IEnumerable<string?> values)
    {
        var terms = values.OfType<string>().Where(v => v.Length > 0).Distinct().Select(v => new BytesRef(v)).ToArray();
        if (terms.Length > 0) query.Add(new ConstantScoreQuery(new TermsFilter(field, terms)), occur);
    }

    static IEnumerable<string> Keys(IEnumerable<string> values) => values.Where(v => v is not null).Select(ArticleFields.KeyOf);

    static long StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
