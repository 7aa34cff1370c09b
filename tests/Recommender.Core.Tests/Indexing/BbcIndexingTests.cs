using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Tests;

namespace Recommender.Core.Tests.Indexing;

public sealed class BbcIndexingTests
{
    [SkippableFact]
    public void Indexes_all_bbc_articles_and_filters_them_by_section()
    {
        var path = SharedData.Require("bbc-news.jsonl");
        var articles = File.ReadLines(path).Select(line =>
        {
            var json = JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options)!;
            Assert.True(json.TryToArticle("bbc", out var article, out var error), error);
            return article!;
        }).ToList();
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);

        var outcomes = articles.Select(index.Upsert).ToList();
        index.Refresh();

        Assert.Equal(2_225, articles.Count);
        Assert.All(outcomes, o => Assert.Equal(UpsertOutcome.Added, o));
        Assert.Equal(2_225, index.Count("bbc"));
        var business = index.Search(null, new ArticleFilter { Site = "bbc", Sections = ["Business"] }, 0, 10, ArticleSort.Score);
        Assert.Equal(510, business.TotalHits);
    }
}
