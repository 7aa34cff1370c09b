using System.Buffers;
using System.Numerics.Tensors;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Recommender.Core.Indexing;

namespace Recommender.Core.Semantic;

/// <summary>
/// The vectors of some documents (a request's seeds, or its window of candidates), each read from doc values once,
/// dequantised into one buffer, with its length computed once: every cosine the request then takes is one SIMD dot
/// product. Read and unpacked again for each use, each leaf's doc values looked up again per document and both lengths
/// summed again in scalar doubles for each cosine, the semantic layer cost a third more CPU than the lexical answer per
/// personalised request at 100,000 articles (docs/BENCHMARKS.md, "Semantic layer at 100,000 articles").
/// </summary>
public sealed class StoredVectors
{
    readonly ReadOnlyMemory<float> _values;
    readonly int[] _starts;
    readonly int[] _dimensions;
    readonly float[] _norms;

    StoredVectors(ReadOnlyMemory<float> values, int[] starts, int[] dimensions, float[] norms)
    {
        _values = values;
        _starts = starts;
        _dimensions = dimensions;
        _norms = norms;
    }

    /// <summary>How many documents were read, with a vector or without.</summary>
    public int Count => _starts.Length;

    /// <summary>Whether the <paramref name="i"/>th document has a vector.</summary>
    public bool Has(int i) => _dimensions[i] > 0;

    /// <summary>The <paramref name="i"/>th document's vector (as <see cref="ArticleVector.ToFloats"/> gives it); empty when it has none.</summary>
    public ReadOnlySpan<float> this[int i] => _values.Span.Slice(_starts[i], _dimensions[i]);

    /// <summary>The vectors of <paramref name="docs"/> of <paramref name="reader"/>, in their order.</summary>
    public static StoredVectors Read(IndexReader reader, IReadOnlyList<int> docs)
    {
        var leaves = reader.Leaves;
        var perLeaf = new BinaryDocValues?[leaves.Count];
        var values = new ArrayBufferWriter<float>(Math.Max(1, docs.Count * MiniLmEmbedder.Dimensions));
        var starts = new int[docs.Count];
        var dimensions = new int[docs.Count];
        var norms = new float[docs.Count];
        var bytes = new BytesRef();
        for (var i = 0; i < docs.Count; i++)
        {
            var leaf = ReaderUtil.SubIndex(docs[i], leaves);
            if ((perLeaf[leaf] ??= leaves[leaf].AtomicReader.GetBinaryDocValues(ArticleFields.Vector)) is not { } stored) continue;
            stored.Get(docs[i] - leaves[leaf].DocBase, bytes);
            var vector = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length);
            dimensions[i] = ArticleVector.DimensionsOfStored(vector);
            if (dimensions[i] == 0) continue;
            var row = values.GetSpan(dimensions[i])[..dimensions[i]];
            ArticleVector.DequantiseStored(vector, row);
            starts[i] = values.WrittenCount;
            norms[i] = TensorPrimitives.Norm(row);
            values.Advance(row.Length);
        }
        return new StoredVectors(values.WrittenMemory, starts, dimensions, norms);
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
