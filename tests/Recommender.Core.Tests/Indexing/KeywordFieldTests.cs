using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

public sealed class KeywordFieldTests
{
    // Documents with a stored and an unstored keyword, one of them given twice (as an article's tags are) and an empty one.
    static readonly (string Id, string[] Tags)[] Documents = [("a", ["x", "y"]), ("b", ["y"]), ("c", []), ("d", ["x", "x", ""])];

    static DirectoryReader Write(Lucene.Net.Store.Directory directory, Func<string, string, Field.Store, Field> keyword)
    {
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ArticleAnalyzers.Version, ArticleAnalyzers.For(null))))
        {
            foreach (var (id, tags) in Documents)
            {
                var doc = new Document { keyword("id", id, Field.Store.YES), new TextField("text", $"words of {id}", Field.Store.NO) };
                foreach (var tag in tags) doc.Add(keyword("tag", tag, Field.Store.NO));
                writer.AddDocument(doc);
            }
        }
        return DirectoryReader.Open(directory);
    }

    /// <summary>Every term of every field with its documents and frequencies, and every stored value.</summary>
    static List<string> Contents(DirectoryReader reader)
    {
        var contents = new List<string>();
        var segment = SlowCompositeReaderWrapper.Wrap(reader);
        foreach (var field in segment.Fields)
        {
            var terms = segment.GetTerms(field).GetEnumerator();
            while (terms.MoveNext())
            {
                var postings = terms.Docs(null, null, DocsFlags.FREQS);
                while (postings.NextDoc() != Lucene.Net.Search.DocIdSetIterator.NO_MORE_DOCS)
                    contents.Add($"{field}:{terms.Term.Utf8ToString()} in {postings.DocID} x{postings.Freq}");
            }
        }
        for (var doc = 0; doc < reader.MaxDoc; doc++)
            contents.AddRange(reader.Document(doc).Fields.Select(f => $"{doc} stores {f.Name}={f.GetStringValue()}"));
        return contents;
    }

    [Fact]
    public void A_keyword_field_indexes_and_stores_what_a_string_field_does()
    {
        using var strings = new RAMDirectory();
        using var keywords = new RAMDirectory();
        using var expected = Write(strings, (name, value, store) => new StringField(name, value, store));
        using var actual = Write(keywords, (name, value, store) => new KeywordField(name, value, store));

        var contents = Contents(expected);
        Assert.Contains("tag:x in 3 x1", contents);
        Assert.Contains("text:word in 2 x1", contents);
        Assert.Contains("0 stores id=a", contents);
        Assert.Equal(contents, Contents(actual));
    }
}
