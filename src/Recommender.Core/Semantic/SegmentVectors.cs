using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Semantic;

/// <summary>
/// A segment's stored vectors (<see cref="ArticleVector.ToBytes"/>, as its doc values hold them) one after another in one
/// array, read once per segment core (a segment's doc values never change) and dropped with it. Lucene 4.8's binary doc
/// values give every value read a new <c>byte[]</c> and copy it a byte at a time from the mapped file: a personalised
/// request's ~160 vectors were 52 KB allocated and about a tenth of its CPU at 100k articles (docs/BENCHMARKS.md, h-core).
/// </summary>
/// <remarks>
/// Memory: 388 bytes and an offset (4 bytes) an article with MiniLM's 384 dimensions, 39 MB at 100,000 articles and
/// 392 MB at 1,000,000, while the mapped pages of those values are no longer read by requests. The first request to
/// touch a segment reads all of it (one pass over its values; concurrent requests wait for that one read).
/// Offsets are ints: a segment of more than 5.5 million vectors of 388 bytes does not fit and fails to read (checked).
/// </remarks>
sealed class SegmentVectors
{
    static readonly ConditionalWeakTable<object, Lazy<SegmentVectors?>> Segments = new();

    readonly byte[] _bytes;
    readonly int[] _starts;

    SegmentVectors(byte[] bytes, int[] starts)
    {
        _bytes = bytes;
        _starts = starts;
    }

    /// <summary>The stored bytes of <paramref name="doc"/> (of the segment); empty when it has no vector.</summary>
    public ReadOnlySpan<byte> this[int doc] => _bytes.AsSpan(_starts[doc], Length(doc));

    /// <summary>How many bytes <paramref name="doc"/>'s vector takes; 0 when it has none.</summary>
    public int Length(int doc) => _starts[doc + 1] - _starts[doc];

    /// <summary>The vectors of <paramref name="segment"/>; null when none of its documents has one.</summary>
    public static SegmentVectors? Of(AtomicReader segment)
    {
        var key = segment.CoreCacheKey;
        var read = Segments.GetOrAdd(key, static (_, segment) => new Lazy<SegmentVectors?>(() => Read(segment)), segment);
        try
        {
            return read.Value;
        }
        catch
        {
            // A Lazy keeps its exception and throws it to every later caller: one failed read (an I/O error) would fail
            // every request that touches the segment for as long as it lives. Dropped, the next request reads again.
            Segments.Remove(key);
            throw;
        }
    }

    static SegmentVectors? Read(AtomicReader segment)
    {
        if (segment.GetBinaryDocValues(ArticleFields.Vector) is not { } stored) return null;
        var starts = new int[segment.MaxDoc + 1];
        // Room for every document's vector from the model; only longer vectors (another embedder's) make it grow.
        var bytes = new byte[segment.MaxDoc * (sizeof(float) + MiniLmEmbedder.Dimensions)];
        var value = new BytesRef();
        for (var doc = 0; doc < segment.MaxDoc; doc++)
        {
            stored.Get(doc, value);
            var end = checked(starts[doc] + value.Length);
            if (end > bytes.Length) Array.Resize(ref bytes, Math.Max(end, checked(2 * bytes.Length)));
            value.Bytes.AsSpan(value.Offset, value.Length).CopyTo(bytes.AsSpan(starts[doc]));
            starts[doc + 1] = end;
        }
        // A segment where few documents have a vector (the semantic layer turned on late) keeps only what they hold.
        if (starts[^1] < bytes.Length / 2) Array.Resize(ref bytes, starts[^1]);
        return new SegmentVectors(bytes, starts);
    }
}
