using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Tests.Indexing;
using Recommender.Core.Tests.Stories;

namespace Recommender.Core.Tests.Importing;

public sealed class ArticleImporterTests : IDisposable
{
    const string Site = "news.example";
    static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    readonly List<TempIndexDirectory> _directories = [];

    public void Dispose()
    {
        foreach (var directory in _directories) directory.Dispose();
    }

    static string Line(Article article) => JsonSerializer.Serialize(new
    {
        url = article.Url, title = article.Title, text = article.Text, pub_date = article.PubDate?.ToString("O"),
    });

    static readonly string[] Lines =
    [
        Line(StoryClustererTests.Eruption("eruption", Noon)),
        "",
        "{ not json",
        Line(StoryClustererTests.CupFinal("cup-final", Noon.AddHours(1))),
        Line(StoryClustererTests.Eruption("eruption-update", Noon.AddHours(3), "Houses on the edge of Grindavik caught fire.")),
        """{"title": "no url"}""",
        Line(StoryClustererTests.CupFinal("cup-final", Noon.AddHours(2)) with { Title = "Rovers lift the cup" }),
    ];

    (ImportReport Report, ArticleIndex Index) Import(int linesPerBatch)
    {
        var directory = new TempIndexDirectory();
        _directories.Add(directory);
        var index = ArticleIndex.Open(directory.Path);
        var report = new ArticleImporter(index, linesPerBatch).ImportJsonl(Site, Lines);
        index.Refresh();
        return (report, index);
    }

    [Fact]
    public void A_file_imported_in_batches_of_lines_gives_the_report_and_the_articles_of_one_batch()
    {
        var (whole, wholeIndex) = Import(ArticleImporter.LinesPerBatch);
        var (batched, batchedIndex) = Import(linesPerBatch: 2);
        using (wholeIndex)
        using (batchedIndex)
        {
            // Line numbers run on across batches; the URL seen again in a later batch is an update, and the later line wins.
            Assert.Equal((3, 1), (whole.Added, whole.Updated));
            Assert.Equal((whole.Added, whole.Updated), (batched.Added, batched.Updated));
            Assert.Equal([3, 6], whole.Failures.Select(f => f.Line));
            Assert.Equal(whole.Failures, batched.Failures);
            Assert.Equal("Rovers lift the cup", batchedIndex.Get(Site, $"https://{Site}/cup-final")!.Title);
            foreach (var path in new[] { "eruption", "cup-final", "eruption-update" })
            {
                var url = $"https://{Site}/{path}";
                Assert.Equal(wholeIndex.Get(Site, url)!.Title, batchedIndex.Get(Site, url)!.Title);
            }
        }
    }

    [Fact]
    public void Importing_a_file_again_adds_nothing_and_keeps_one_document_per_url()
    {
        var directory = new TempIndexDirectory();
        _directories.Add(directory);
        // Opened as `recommender import` opens it: refreshed by the importer only, after each batch. The URL seen twice
        // in the file is found among the batch's writes; the second import finds every URL in the index.
        using var index = ArticleIndex.Open(directory.Path, ArticleImporter.ForImport(new ArticleIndexOptions()));
        var first = new ArticleImporter(index).ImportJsonl(Site, Lines);

        var again = new ArticleImporter(index).ImportJsonl(Site, Lines);
        index.Refresh();

        Assert.Equal((3, 1), (first.Added, first.Updated));
        Assert.Equal((0, 4), (again.Added, again.Updated));
        Assert.Equal(3, index.Count(Site));
        Assert.Equal("Rovers lift the cup", index.Get(Site, $"https://{Site}/cup-final")!.Title);
    }

    [Fact]
    public void Articles_of_one_story_in_one_batch_share_the_story()
    {
        var (_, index) = Import(linesPerBatch: 5);
        using (index)
        {
            // Lines 1 and 5 are in the first batch of five: the update joins the first article's story.
            Assert.Equal($"https://{Site}/eruption", index.Get(Site, $"https://{Site}/eruption-update")!.Story);
        }
    }

    [Fact]
    public void Articles_made_by_the_caller_are_clustered_and_written_as_a_file_of_them_is()
    {
        var directory = new TempIndexDirectory();
        _directories.Add(directory);
        using var index = ArticleIndex.Open(directory.Path);
        Article[] articles =
        [
            StoryClustererTests.Eruption("eruption", Noon),
            StoryClustererTests.CupFinal("cup-final", Noon.AddHours(1)),
            StoryClustererTests.Eruption("eruption-update", Noon.AddHours(3), "Houses on the edge of Grindavik caught fire."),
        ];

        var report = new ArticleImporter(index).Import(articles);
        index.Refresh();

        Assert.Equal((3, 0), (report.Added, report.Updated));
        Assert.Equal($"https://{Site}/eruption", index.Get(Site, $"https://{Site}/eruption-update")!.Story);
        Assert.Equal($"https://{Site}/cup-final", index.Get(Site, $"https://{Site}/cup-final")!.Story);
    }
}
