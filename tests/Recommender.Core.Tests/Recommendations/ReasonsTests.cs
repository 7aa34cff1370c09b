using Lucene.Net.Index;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

/// <summary>The words a reason shows, from the terms kept with each listed article.</summary>
public sealed class ReasonsTests
{
    const string Site = "news.example";

    static SeedTerm Seeded(string field, string text) => new(new HashedTerm(new Term(field, text)), DocFreq: 1, Weight: 1);

    [Fact]
    public void A_reason_names_the_shared_tags_then_title_words_each_once_whatever_its_letter_case_three_at_most()
    {
        var article = new Article { Site = Site, Url = $"https://{Site}/a", Title = "Cables and Transport: more cables, ferries and trams", Tags = ["Transport", "Ports"] };
        // The tag Transport, "cables" (stemmed) in the body, "transport" in the title, "ferries" and "trams" in the body.
        var seed = new SeedTermList([Seeded(ArticleFields.TagKey, "transport"), Seeded(ArticleFields.Text, "cabl"),
            Seeded(ArticleFields.Title, "transport"), Seeded(ArticleFields.Text, "ferri"), Seeded(ArticleFields.Text, "tram")]);

        var reason = Reasons.Of("because you read", "Harbour bridge reopens", article, Reasons.TermsOf(article), seed, fresh: true);

        // Transport once (tag, then title word), Cables once (then cables), and the third place to ferries, not trams.
        Assert.Equal("because you read ‘Harbour bridge reopens’ — shares Transport, Cables, ferries; new", reason);
    }

    [Fact]
    public void The_terms_a_reason_looks_for_are_made_once_for_a_listed_article_from_its_analysed_title_and_its_tags()
    {
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        index.Upsert(new Article { Site = Site, Url = $"https://{Site}/a", Title = "The harbour bridges reopen", Text = "Body.", Tags = ["Transport"] });
        index.Refresh();

        var (first, again) = index.WithSearcher(searcher =>
        {
            var doc = index.DocOf(searcher, Site, $"https://{Site}/a")!.Value;
            return (index.ReasonTermsOf(searcher, doc), index.ReasonTermsOf(searcher, doc));
        });

        Assert.Same(first, again);
        var title = "The harbour bridges reopen";
        // "The" is a stop word: no term.
        Assert.Equal(["harbour", "bridges", "reopen"], first.TitleWords.Select(word => title.Substring(word.Start, word.Length)));
        Assert.Equal([new Term(ArticleFields.Title, "harbour"), new Term(ArticleFields.Title, "bridg"), new Term(ArticleFields.Title, "reopen")],
            first.TitleWords.Select(word => word.InTitle.Term));
        Assert.Equal(first.TitleWords.Select(word => word.InTitle.Term.Bytes), first.TitleWords.Select(word => word.InText.Term.Bytes));
        Assert.All(first.TitleWords, word => Assert.Equal(ArticleFields.Text, word.InText.Term.Field));
        Assert.Equal(new Term(ArticleFields.TagKey, "transport"), Assert.Single(first.Tags).Term);
    }
}
