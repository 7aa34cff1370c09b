using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

public sealed class SegmentIdsTests
{
    [Fact]
    public void A_segment_may_have_every_id_it_has_and_rules_out_nearly_all_it_has_not()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ArticleAnalyzers.Version, ArticleAnalyzers.For(null))))
        {
            for (var i = 0; i < 2_000; i++) writer.AddDocument(new Document { new StringField(ArticleFields.Id, $"site|https://site/{i}", Field.Store.NO) });
            writer.ForceMerge(1);
        }
        using var reader = DirectoryReader.Open(directory);
        var segment = reader.Leaves.Single().AtomicReader;

        // Never a false "no": a write would then add a second document for an article it should replace.
        Assert.All(Enumerable.Range(0, 2_000), i => Assert.True(SegmentIds.MayHave(segment, new BytesRef($"site|https://site/{i}"))));
        // 10 bits and 7 probes an id give about 1 % of absent ids a "may"; 3 % would be a broken filter.
        var mistaken = Enumerable.Range(2_000, 10_000).Count(i => SegmentIds.MayHave(segment, new BytesRef($"site|https://site/{i}")));
        Assert.InRange(mistaken, 0, 300);
    }
}
