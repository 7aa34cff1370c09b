using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// Which article ids a segment may hold: a Bloom filter of its id terms, built once per segment (a segment's terms never
/// change) and kept for as long as it lives. Writing an article first asks whether its id exists, and a new id's
/// answer was a failed seek in every segment's terms, whose number grows with the index; the filter rules most of
/// them out with a few bit reads. (docs/BENCHMARKS.md, h-million4.)
/// </summary>
sealed class SegmentIds
{
    static readonly ConditionalWeakTable<object, SegmentIds> Segments = new();

    // 10 bits and 7 probes an id: about 1 % of absent ids still seek, for 1.25 MB a million ids.
    const int BitsPerId = 10, Probes = 7;

    readonly ulong[] _bits;
    readonly ulong _mask;

    SegmentIds(long ids)
    {
        var bits = Math.Max(64, (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, ids * BitsPerId)));
        _bits = new ulong[bits / 64];
        _mask = (ulong)bits - 1;
    }

    /// <summary>Whether the segment may have a document (live or deleted) with this id; false is certain.</summary>
    public static bool MayHave(AtomicReader segment, BytesRef id) =>
        Segments.GetValue(segment.CoreCacheKey, _ => Of(segment)).Has(id);

    static SegmentIds Of(AtomicReader segment)
    {
        var terms = segment.GetTerms(ArticleFields.Id);
        var ids = new SegmentIds(terms?.Count is > 0 and var count ? count : segment.MaxDoc);
        if (terms is null) return ids;
        var enumerator = terms.GetEnumerator();
        while (enumerator.MoveNext()) ids.Add(enumerator.Term);
        return ids;
    }

    void Add(BytesRef id)
    {
        var (first, step) = Hashes(id);
        for (var i = 0; i < Probes; i++, first += step) _bits[(first & _mask) >> 6] |= 1UL << (int)(first & 63);
    }

    bool Has(BytesRef id)
    {
        var (first, step) = Hashes(id);
        for (var i = 0; i < Probes; i++, first += step)
        {
            if ((_bits[(first & _mask) >> 6] & (1UL << (int)(first & 63))) == 0) return false;
        }
        return true;
    }

    // Double hashing from one 128-bit hash (Kirsch and Mitzenmacher): the step odd, so the probes never repeat early.
    static (ulong First, ulong Step) Hashes(BytesRef id)
    {
        var hash = XxHash128.HashToUInt128(id.Bytes.AsSpan(id.Offset, id.Length));
        return ((ulong)hash, (ulong)(hash >> 64) | 1);
    }
}
