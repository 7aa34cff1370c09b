using Lucene.Net.Index;
using Recommender.Core.Indexing;
using Recommender.Core.Semantic;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Semantic;

public sealed class SegmentVectorsTests : IDisposable
{
    readonly TempIndexDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_failed_read_is_not_kept_the_next_call_reads_again()
    {
        using var index = ArticleIndex.Open(_dir.Path);
        index.Upsert(ReaderVectorTests.Article("a", [1, 0, 0]));
        index.Refresh();

        index.WithSearcher(searcher =>
        {
            var segment = searcher.IndexReader.Leaves[0].AtomicReader;
            var failingOnce = new FailingOnce(segment);
            Assert.Throws<IOException>(() => SegmentVectors.Of(failingOnce));
            var vectors = SegmentVectors.Of(failingOnce);
            Assert.NotNull(vectors);
            Assert.Equal(ArticleDocuments.VectorOf(searcher.IndexReader, 0)!.ToBytes(), vectors[0].ToArray());
            return 0;
        });
    }

    /// <summary>The segment, whose first read of doc values fails as a disk error would; it shares the segment's core key.</summary>
    sealed class FailingOnce(AtomicReader segment) : FilterAtomicReader(segment)
    {
        bool _failed;

        public override BinaryDocValues GetBinaryDocValues(string field)
        {
            if (_failed) return base.GetBinaryDocValues(field);
            _failed = true;
            throw new IOException("read error");
        }
    }
}
