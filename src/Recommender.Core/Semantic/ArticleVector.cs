using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Core.Semantic;

/// <summary>
/// An article's embedding, quantised to one signed byte per dimension with one scale for the whole vector: 388 bytes
/// in the index instead of 1,536 as floats, for a cosine error of about 0.001 (each value is off by at most half a
/// step of max/127), far below the gap between a related and an unrelated article (0.3 against 0.0 with MiniLM).
/// </summary>
public sealed class ArticleVector
{
    readonly sbyte[] _values;
    readonly float _scale;

    ArticleVector(sbyte[] values, float scale)
    {
        _values = values;
        _scale = scale;
    }

    public int Dimensions => _values.Length;

    /// <summary>The vector of <paramref name="values"/>, quantised.</summary>
    public static ArticleVector Quantise(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var value in values) max = Math.Max(max, Math.Abs(value));
        var scale = max > 0 ? max / sbyte.MaxValue : 1f;
        var quantised = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++) quantised[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / scale), -sbyte.MaxValue, sbyte.MaxValue);
        return new ArticleVector(quantised, scale);
    }

    /// <summary>The values again, each within half a quantisation step of what was quantised.</summary>
    public float[] ToFloats()
    {
        var floats = new float[_values.Length];
        AddTo(floats, 1);
        return floats;
    }

    /// <summary>Adds <paramref name="weight"/> times this vector to <paramref name="sum"/>, as a reader's mean is summed.</summary>
    public void AddTo(Span<float> sum, double weight)
    {
        var factor = (float)(weight * _scale);
        for (var i = 0; i < _values.Length && i < sum.Length; i++) sum[i] += factor * _values[i];
    }

    /// <summary>The cosine of the angle between this vector and <paramref name="other"/>; 0 when either is zero or they differ in size.</summary>
    public double Cosine(ReadOnlySpan<float> other)
    {
        var own = ToFloats();
        return StoredVectors.Cosine(own, TensorPrimitives.Norm<float>(own), other, TensorPrimitives.Norm(other));
    }

    /// <summary>The dimensions of the vector stored in <paramref name="bytes"/> (<see cref="ToBytes"/>); 0 when they hold none.</summary>
    public static int DimensionsOfStored(ReadOnlySpan<byte> bytes) =>
        bytes.Length > sizeof(float) && BinaryPrimitives.ReadSingleLittleEndian(bytes) is var scale && float.IsFinite(scale) && scale > 0
            ? bytes.Length - sizeof(float)
            : 0;

    /// <summary>
    /// The values of the vector stored in <paramref name="bytes"/> into <paramref name="values"/> (as many as
    /// <see cref="DimensionsOfStored"/>), as <see cref="ToFloats"/> gives them, without unpacking an <see cref="ArticleVector"/>.
    /// </summary>
    /// <remarks>
    /// 32 values at a time, widened from signed bytes to ints and converted (exactly, as a cast is), then scaled:
    /// <c>TensorPrimitives.ConvertChecked</c> has no vector path from sbyte to float and took its scalar generic-math
    /// fallback, 270-430 ns a row optimised against 58-98 here, and unoptimised (calls into the runtime a value) 2.5 % of a
    /// fresh process's first digest run at 100k articles (docs/BENCHMARKS.md, "The digest's first run, seventh pass").
    /// </remarks>
    public static void DequantiseStored(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        var quantised = MemoryMarshal.Cast<byte, sbyte>(bytes[sizeof(float)..]);
        var scale = BinaryPrimitives.ReadSingleLittleEndian(bytes);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= quantised.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(quantised[i..]));
                Scaled(low, scale, values[i..]);
                Scaled(high, scale, values[(i + Vector256<short>.Count)..]);
            }
        }
        for (; i < quantised.Length; i++) values[i] = quantised[i] * scale;

        static void Scaled(Vector256<short> shorts, float scale, Span<float> into)
        {
            var (low, high) = Vector256.Widen(shorts);
            (Vector256.ConvertToSingle(low) * scale).CopyTo(into);
            (Vector256.ConvertToSingle(high) * scale).CopyTo(into[Vector256<int>.Count..]);
        }
    }

    /// <summary>The scale (4 bytes, little-endian) then the values: how the index stores the vector.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[sizeof(float) + _values.Length];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, _scale);
        for (var i = 0; i < _values.Length; i++) bytes[sizeof(float) + i] = (byte)_values[i];
        return bytes;
    }

    /// <summary>The vector that <see cref="ToBytes"/> wrote; null when <paramref name="bytes"/> hold none.</summary>
    public static ArticleVector? FromBytes(ReadOnlySpan<byte> bytes) =>
        DimensionsOfStored(bytes) > 0
            ? new ArticleVector(MemoryMarshal.Cast<byte, sbyte>(bytes[sizeof(float)..]).ToArray(), BinaryPrimitives.ReadSingleLittleEndian(bytes))
            : null;

    /// <summary>As <see cref="ToBytes"/>, in base64: the form of the vector in an article's JSON (the Kafka articles topic).</summary>
    public string ToBase64() => Convert.ToBase64String(ToBytes());

    /// <summary>The vector of <see cref="ToBase64"/>; null when <paramref name="base64"/> is not one.</summary>
    public static ArticleVector? FromBase64(string? base64)
    {
        if (string.IsNullOrEmpty(base64)) return null;
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? FromBytes(bytes.AsSpan(0, written)) : null;
    }
}
