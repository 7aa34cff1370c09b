using System.Text.Json;
using System.Text.Json.Nodes;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Tests.Indexing;
using Recommender.Core.Tests.Stories;
using Recommender.Tests;

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

    [SkippableFact]
    public void Two_writing_threads_write_the_documents_one_thread_writes()
    {
        // 300 BBC articles ten minutes apart (so that stories form), then 51 of them again retitled: lines 180-230, some
        // in the first batch of 175 and some in the second, beside their first lines.
        var bbc = File.ReadLines(SharedData.Require("bbc-news.jsonl")).Take(300).Select((line, i) =>
        {
            var json = JsonNode.Parse(line)!.AsObject();
            json["pub_date"] = Noon.AddMinutes(10 * i).ToString("O");
            return json;
        }).ToList();
        var lines = bbc.Select(json => json.ToJsonString())
            .Concat(bbc.Skip(180).Take(51).Select(json => { json["title"] = "Again: " + json["title"]; return json.ToJsonString(); }))
            .ToList();

        var one = Documents(lines, writingThreads: 1);
        var two = Documents(lines, writingThreads: 2);

        Assert.Equal(300, one.Documents.Count);
        Assert.Contains(one.Documents.Values, document => document.Contains("title=Again: "));
        // Stories of more than one article, so that the comparison covers stories clustered across the two threads.
        Assert.Contains(one.Documents.Values.GroupBy(document => document.Split('\n').First(field => field.StartsWith("story="))), story => story.Count() > 1);
        Assert.Equal(one.Documents, two.Documents);
        Assert.Equal(one.Terms, two.Terms);
    }

    /// <summary>
    /// The live documents an import of <paramref name="lines"/> writes, by URL: their stored fields and doc values, each a
    /// line; and every indexed term with its document and total frequencies. Neither depends on the order of documents.
    /// </summary>
    (Dictionary<string, string> Documents, List<string> Terms) Documents(IReadOnlyList<string> lines, int writingThreads)
    {
        var directory = new TempIndexDirectory();
        _directories.Add(directory);
        using (var index = ArticleIndex.Open(directory.Path, ArticleImporter.ForImport(new ArticleIndexOptions())))
            new ArticleImporter(index, linesPerBatch: 175, writingThreads).ImportJsonl(Site, lines);

        using var lucene = FSDirectory.Open(directory.Path);
        using var reader = DirectoryReader.Open(lucene);
        var documents = new Dictionary<string, string>();
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            for (var doc = 0; doc < atomic.MaxDoc; doc++)
            {
                if (atomic.LiveDocs is { } live && !live.Get(doc)) continue;
                var stored = atomic.Document(doc);
                var fields = stored.Fields.Select(field =>
                    $"{field.Name}={field.GetStringValue() ?? field.GetInt64Value()?.ToString() ?? Base64(field.GetBinaryValue())}");
                var docValues = atomic.FieldInfos.Where(info => info.HasDocValues).Select(info => $"{info.Name}:{DocValue(atomic, info, doc)}");
                documents.Add(stored.Get(ArticleFields.Url), string.Join('\n', fields.Concat(docValues)));
            }
        }
        var terms = new List<string>();
        foreach (var field in MultiFields.GetFields(reader))
        {
            var termsEnum = MultiFields.GetTerms(reader, field).GetEnumerator();
            while (termsEnum.MoveNext()) terms.Add($"{field}:{termsEnum.Term.Utf8ToString()} {termsEnum.DocFreq} {termsEnum.TotalTermFreq}");
        }
        return (documents, terms);
    }

    static string DocValue(AtomicReader reader, FieldInfo info, int doc)
    {
        var bytes = new BytesRef();
        switch (info.DocValuesType)
        {
            case DocValuesType.NUMERIC:
                return reader.GetNumericDocValues(info.Name).Get(doc).ToString();
            case DocValuesType.BINARY:
                reader.GetBinaryDocValues(info.Name).Get(doc, bytes);
                return Base64(bytes);
            case DocValuesType.SORTED:
                reader.GetSortedDocValues(info.Name).Get(doc, bytes);
                return Base64(bytes);
            default:
                var set = reader.GetSortedSetDocValues(info.Name);
                set.SetDocument(doc);
                var values = new List<string>();
                for (var ord = set.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = set.NextOrd())
                {
                    set.LookupOrd(ord, bytes);
                    values.Add(Base64(bytes));
                }
                return string.Join(',', values);
        }
    }

    static string Base64(BytesRef bytes) => Convert.ToBase64String(bytes.Bytes, bytes.Offset, bytes.Length);
}
