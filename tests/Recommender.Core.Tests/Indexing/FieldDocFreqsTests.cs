using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>The per-reader table of a field's document frequencies that cold seeds' terms are scored from.</summary>
public sealed class FieldDocFreqsTests
{
    // Term i is in the documents whose number is a multiple of (i % 7) + 1, in two segments: its frequency is known.
    const int Terms = 6_000;
    const int Documents = 70;

    static DirectoryReader Index(Lucene.Net.Store.RAMDirectory directory)
    {
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ArticleAnalyzers.Version, ArticleAnalyzers.For(null))))
        {
            for (var doc = 0; doc < Documents; doc++)
            {
                var words = Enumerable.Range(0, Terms).Where(i => doc % (i % 7 + 1) == 0).Select(i => $"w{i}");
                writer.AddDocument(new Document { new StringField(ArticleFields.Title, "x", Field.Store.NO), new TextField(ArticleFields.Text, string.Join(' ', words), Field.Store.NO) });
                if (doc == Documents / 2) writer.Commit();
            }
        }
        return DirectoryReader.Open(directory);
    }

    static int Expected(int term) => (Documents + term % 7) / (term % 7 + 1);

    [Fact]
    public void Each_term_has_its_frequency_over_all_segments_and_keeps_one_term()
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using var reader = Index(directory);
        Assert.True(reader.Leaves.Count > 1);
        var docFreqs = new FieldDocFreqs(ArticleFields.Text, bound: 100_000);

        // Past the first table's 4,096 slots: the grown copies keep every term.
        var first = Enumerable.Range(0, Terms).Select(i => docFreqs.Of(reader, new BytesRef($"w{i}"))).ToList();
        var again = Enumerable.Range(0, Terms).Select(i => docFreqs.Of(reader, new BytesRef($"w{i}"))).ToList();

        Assert.Equal(Enumerable.Range(0, Terms).Select(Expected), first.Select(f => f.DocFreq));
        Assert.All(Enumerable.Range(0, Terms), i =>
        {
            Assert.Equal(new Term(ArticleFields.Text, $"w{i}"), first[i].Term);
            Assert.Same(first[i].Term, again[i].Term);
        });
        Assert.Equal(0, docFreqs.Of(reader, new BytesRef("absent")).DocFreq);
        Assert.Equal(Terms + 1, docFreqs.Count);
    }

    [Fact]
    public void A_term_looked_up_from_a_shared_buffer_is_kept_as_its_own_copy()
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using var reader = Index(directory);
        var docFreqs = new FieldDocFreqs(ArticleFields.Text, bound: 100_000);
        var buffer = new byte[] { (byte)'-', (byte)'w', (byte)'1', (byte)'2', (byte)'-' };

        var kept = docFreqs.Of(reader, new BytesRef(buffer, 1, 3));
        buffer[2] = (byte)'9';

        Assert.Equal(new Term(ArticleFields.Text, "w12"), kept.Term);
        Assert.Equal(Expected(12), docFreqs.Of(reader, new BytesRef("w12")).DocFreq);
        Assert.Equal(Expected(92), docFreqs.Of(reader, new BytesRef(buffer, 1, 3)).DocFreq);
    }

    [Fact]
    public void Terms_alike_in_their_first_16_bytes_are_told_apart()
    {
        // A slot compares a term's length and first 16 bytes in place and reads the kept bytes only past 16: these
        // terms share their first 15 or 16 bytes, some differ only in length, some only past the 16th byte.
        string[] terms = ["0123456789abcde", "0123456789abcdef", "0123456789abcdeg", "0123456789abcdef0", "0123456789abcdef1",
            "0123456789abcdef10", "0123456789abcdef0000000000000000", "0123456789abcdef0000000000000001"];
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ArticleAnalyzers.Version, ArticleAnalyzers.For(null))))
        {
            // Term i is in the documents whose number is a multiple of i + 1.
            for (var doc = 0; doc < 40; doc++)
                writer.AddDocument([.. terms.Where((_, i) => doc % (i + 1) == 0).Select(term => new StringField(ArticleFields.Text, term, Field.Store.NO))]);
        }
        using var reader = DirectoryReader.Open(directory);
        var docFreqs = new FieldDocFreqs(ArticleFields.Text, bound: 100_000);

        foreach (var pass in new[] { "added", "kept" })
        {
            Assert.All(terms.Select((term, i) => (term, i)), t =>
            {
                var (kept, docFreq) = docFreqs.Of(reader, new BytesRef(t.term));
                Assert.Equal(new Term(ArticleFields.Text, t.term), kept);
                Assert.Equal((40 + t.i) / (t.i + 1), docFreq);
            });
        }
        Assert.Equal(terms.Length, docFreqs.Count);
    }

    [Fact]
    public void Past_the_bound_it_starts_over()
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using var reader = Index(directory);
        var docFreqs = new FieldDocFreqs(ArticleFields.Text, bound: 1_000);

        for (var i = 0; i < 2_500; i++)
        {
            Assert.Equal(Expected(i), docFreqs.Of(reader, new BytesRef($"w{i}")).DocFreq);
            Assert.InRange(docFreqs.Count, 1, 1_000);
        }
    }
}
