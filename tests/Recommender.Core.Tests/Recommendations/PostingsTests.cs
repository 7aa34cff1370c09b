using Lucene.Net.Index;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

/// <summary>Which of a few documents contain a query's term: what a recommendation's reason is chosen from.</summary>
public sealed class PostingsTests
{
    const string Site = "news.example";

    [Fact]
    public void Finds_the_documents_that_contain_the_term_and_not_a_deleted_one_whose_postings_were_kept()
    {
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        for (var i = 0; i < 6; i++)
            index.Upsert(new Article { Site = Site, Url = $"https://{Site}/{i}", Title = $"title {i}", Text = i % 2 == 0 ? "volcano erupts" : "market falls" });
        index.Refresh();
        var volcano = new Term(ArticleFields.Text, "volcano");
        int[] docs = [.. Enumerable.Range(0, 6).Select(i => index.WithSearcher(s => index.DocOf(s, Site, $"https://{Site}/{i}")!.Value))];
        var before = index.WithSearcher(searcher =>
            new Postings(searcher.IndexReader, docs).Containing(volcano, TermContext.Build(searcher.IndexReader.Context, volcano)));

        // Article 2 is rewritten: its document is deleted in the segment whose postings were kept by the first question.
        index.Upsert(new Article { Site = Site, Url = $"https://{Site}/2", Title = "title 2", Text = "market rises" });
        index.Refresh();
        var after = index.WithSearcher(searcher =>
            new Postings(searcher.IndexReader, docs).Containing(volcano, TermContext.Build(searcher.IndexReader.Context, volcano)));

        Assert.Equal([0, 2, 4], before.Order());
        Assert.Equal([0, 4], after.Order());
    }
}
