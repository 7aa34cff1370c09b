using System.Buffers;
using System.Numerics.Tensors;
using Lucene.Net.Index;

namespace Recommender.Core.Semantic;

/// <summary>
/// The vectors of some documents (a request's seeds, or its window of candidates), each read once (from its segment's
/// <see cref="SegmentVectors"/>), dequantised into one buffer, with its length computed once: every cosine the request
/// then takes is one SIMD dot product. Read and unpacked again for each use, each leaf's doc values looked up again per
/// document and both lengths summed again in scalar doubles for each cosine, the semantic layer cost a third more CPU
/// than the lexical answer per personalised request at 100,000 articles (docs/BENCHMARKS.md, "Semantic layer at 100,000 articles").
/// </summary>
/// <remarks>
/// The buffer is rented from the shared pool and given back by <see cref="Dispose"/>: a window's 120 vectors as floats
/// (184 KB) allocated afresh would land on the large object heap (above 85,000 bytes) on every request, which measured
/// dearer than the reads it saves (0.8 against 0.3 CPU ms per window of 100 candidates and 20 seeds at 100k articles).
/// </remarks>
public sealed class StoredVectors : IDisposable
{
    float[] _values;
    int _used;
    readonly int[] _starts;
    readonly int[] _dimensions;
    readonly float[] _norms;

    StoredVectors(int count)
    {
        _values = ArrayPool<float>.Shared.Rent(Math.Max(1, count * MiniLmEmbedder.Dimensions));
        _starts = new int[count];
        _dimensions = new int[count];
        _norms = new float[count];
    }

    /// <summary>How many documents were read, with a vector or without.</summary>
    public int Count => _starts.Length;

    /// <summary>Whether the <paramref name="i"/>th document has a vector.</summary>
    public bool Has(int i) => _dimensions[i] > 0;

    /// <summary>The <paramref name="i"/>th document's vector (as <see cref="ArticleVector.ToFloats"/> gives it); empty when it has none.</summary>
    public ReadOnlySpan<float> this[int i] => _values.AsSpan(_starts[i], _dimensions[i]);

    /// <summary>As the indexer, for keeping beside others in a list; not to be read after <see cref="Dispose"/> either.</summary>
    public ReadOnlyMemory<float> Memory(int i) => _values.AsMemory(_starts[i], _dimensions[i]);

    /// <summary>The vectors of <paramref name="docs"/> of <paramref name="reader"/>, in their order.</summary>
    public static StoredVectors Read(IndexReader reader, IReadOnlyList<int> docs)
    {
        var vectors = new StoredVectors(docs.Count);
        var leaves = reader.Leaves;
        var perLeaf = new SegmentVectors?[leaves.Count];
        var stored = new SegmentVectors?[docs.Count];
        var local = new int[docs.Count];
        for (var i = 0; i < docs.Count; i++)
        {
            var leaf = ReaderUtil.SubIndex(docs[i], leaves);
            stored[i] = perLeaf[leaf] ??= SegmentVectors.Of(leaves[leaf].AtomicReader);
            local[i] = docs[i] - leaves[leaf].DocBase;
        }
        // The rows lie at random in their segment's array (39 MB at 100k articles), and where each starts at random in
        // its array of offsets (400 KB): each is a cache miss. Read first, each in a loop of its own that does nothing
        // else, the misses overlap: a row dequantised before the next was read took 118 CPU µs for 160 rows at 100k, read
        // first 59–66 (docs/BENCHMARKS.md, h-core). Read in the loop that also found each document's segment (a binary
        // search over the leaves, calls through interfaces), fewer misses fitted in the processor's window at once: a read
        // of 160 random rows took 52–61 CPU µs so, 43–46 with these loops of their own (h-rest5).
        var touched = 0;
        for (var i = 0; i < docs.Count; i++)
        {
            if (stored[i] is { } segment) touched += segment.Length(local[i]);
        }
        for (var i = 0; i < docs.Count; i++)
        {
            if (stored[i] is { } segment) touched += Touch(segment[local[i]]);
        }
        for (var i = 0; i < docs.Count; i++)
        {
            if (stored[i] is { } segment) vectors.Add(i, segment[local[i]]);
        }
        t_touched = touched;
        return vectors;
    }

    const int CacheLine = 64;

    // Where the two loops that only read (the offsets, then the rows) leave what they read, so that their reads are not
    // dropped as unused; the thread's own, so that no two threads write one cache line.
    [ThreadStatic] static int t_touched;

    static int Touch(ReadOnlySpan<byte> row)
    {
        var sum = 0;
        for (var b = 0; b < row.Length; b += CacheLine) sum += row[b];
        return sum;
    }

    void Add(int i, ReadOnlySpan<byte> stored)
    {
        var dimensions = ArticleVector.DimensionsOfStored(stored);
        if (dimensions == 0) return;
        if (_used + dimensions > _values.Length)
        {
            // Only vectors longer than the model's (from another embedder) outgrow the first buffer.
            var larger = ArrayPool<float>.Shared.Rent(2 * (_used + dimensions));
            _values.AsSpan(0, _used).CopyTo(larger);
            ArrayPool<float>.Shared.Return(_values);
            _values = larger;
        }
        var row = _values.AsSpan(_used, dimensions);
        ArticleVector.DequantiseStored(stored, row);
        (_starts[i], _dimensions[i], _norms[i]) = (_used, dimensions, TensorPrimitives.Norm<float>(row));
        _used += dimensions;
    }

    /// <summary>Gives the buffer back to the pool; the vectors are not to be read after.</summary>
    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_values);
        _values = [];
    }

    /// <summary>Each document's cosine with <paramref name="other"/>; 0 for one without a vector.</summary>
    public double[] Cosines(ReadOnlySpan<float> other)
    {
        var cosines = new double[Count];
        var otherNorm = TensorPrimitives.Norm(other);
        for (var i = 0; i < cosines.Length; i++) cosines[i] = Cosine(this[i], _norms[i], other, otherNorm);
        return cosines;
    }

    /// <summary>
    /// The cosine of the angle between <paramref name="a"/> and <paramref name="b"/>, whose lengths are given; 0 when
    /// either is zero or they differ in size.
    /// </summary>
    public static double Cosine(ReadOnlySpan<float> a, float aNorm, ReadOnlySpan<float> b, float bNorm) =>
        a.Length == b.Length && aNorm > 0 && bNorm > 0 ? TensorPrimitives.Dot(a, b) / ((double)aNorm * bNorm) : 0;
}
