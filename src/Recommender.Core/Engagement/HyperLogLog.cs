using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace Recommender.Core.Engagement;

/// <summary>
/// Counts distinct readers approximately in 512 bytes (HyperLogLog with 2^9 registers: a standard
/// error of about 4.6%), and merges with others, so that unique readers of a window are the union of
/// its hourly buckets.
/// <para>
/// Sparse while few registers are set: each set register as two bytes, up to <see cref="SparseMost"/> of them, then
/// the 512 registers. A page's hour is kept for a week, and most pages of a large site are read by a handful of
/// readers an hour: 100,000 pages each read in 50 hours of the week would hold 2.6 GB of dense registers, where a few readers
/// take a few dozen bytes.
/// </para>
/// </summary>
public sealed class HyperLogLog
{
    const int Precision = 9;
    public const int Size = 1 << Precision;

    /// <summary>Set registers kept sparse at most: 128 bytes, a quarter of the dense registers.</summary>
    const int SparseMost = 64;
    /// <summary>A sparse entry is (register &lt;&lt; 6) | rank; a rank is at most 64 − 9 + 1 = 56.</summary>
    const int RankBits = 6;

    /// <summary>2^−value for every byte a register can hold (a restored one too), so an estimate reads a table rather than computing 512 powers.</summary>
    static readonly double[] PowersOfHalf = [.. Enumerable.Range(0, 256).Select(value => Math.ScaleB(1, -value))];

    // Exactly one is set: the dense registers, or the sparse entries (the first sparseCount of them).
    byte[]? registers;
    ushort[]? sparse;
    int sparseCount;

    public HyperLogLog() => sparse = [];

    /// <summary>Restores the counter from <see cref="ToArray"/>; bytes of another length give an empty one.</summary>
    public HyperLogLog(ReadOnlySpan<byte> saved)
    {
        sparse = [];
        if (saved.Length != Size) return;
        for (var register = 0; register < Size; register++)
        {
            if (saved[register] != 0) Set(register, saved[register]);
        }
    }

    HyperLogLog(byte[]? registers, ushort[]? sparse, int sparseCount) =>
        (this.registers, this.sparse, this.sparseCount) = (registers, sparse, sparseCount);

    /// <summary>Bytes of registers held now: twice the set registers while sparse, else 512.</summary>
    internal int Bytes => registers?.Length ?? 2 * sparseCount;

    public void Add(string value)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(value));
        var register = (int)(hash >> (64 - Precision));
        // The guard bit caps the rank when the remaining bits are all zero.
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        Set(register, rank);
    }

    public void UnionWith(HyperLogLog other)
    {
        if (other.registers is { } dense)
        {
            for (var i = 0; i < Size; i++)
            {
                if (dense[i] != 0) Set(i, dense[i]);
            }
            return;
        }
        for (var i = 0; i < other.sparseCount; i++) Set(other.sparse![i] >> RankBits, (byte)(other.sparse[i] & ((1 << RankBits) - 1)));
    }

    /// <summary>Raises <paramref name="register"/> to <paramref name="rank"/> if lower.</summary>
    void Set(int register, byte rank)
    {
        // A rank past the sparse entry's bits can only come from a saved counter someone else wrote.
        if (registers is null && rank >= 1 << RankBits) Densify();
        if (registers is not null)
        {
            if (rank > registers[register]) registers[register] = rank;
            return;
        }
        for (var i = 0; i < sparseCount; i++)
        {
            if (sparse![i] >> RankBits != register) continue;
            if (rank > (sparse[i] & ((1 << RankBits) - 1))) sparse[i] = (ushort)((register << RankBits) | rank);
            return;
        }
        if (sparseCount == SparseMost)
        {
            Densify();
            registers![register] = rank;
            return;
        }
        if (sparseCount == sparse!.Length) Array.Resize(ref sparse, Math.Min(SparseMost, Math.Max(4, 2 * sparseCount)));
        sparse[sparseCount++] = (ushort)((register << RankBits) | rank);
    }

    void Densify()
    {
        registers = ToArray();
        sparse = null;
        sparseCount = 0;
    }

    public double Estimate()
    {
        var sum = 0.0;
        var zeros = 0;
        if (registers is not null)
        {
            foreach (var register in registers)
            {
                sum += PowersOfHalf[register];
                if (register == 0) zeros++;
            }
        }
        else
        {
            // Every register not listed is 0, and 2^−0 = 1.
            zeros = Size - sparseCount;
            sum = zeros;
            for (var i = 0; i < sparseCount; i++) sum += PowersOfHalf[sparse![i] & ((1 << RankBits) - 1)];
        }
        const double alpha = 0.7213 / (1 + 1.079 / Size);
        var raw = alpha * Size * Size / sum;
        // Linear counting is the better estimate while many registers are still empty.
        return raw <= 2.5 * Size && zeros > 0 ? Size * Math.Log((double)Size / zeros) : raw;
    }

    /// <summary>The 512 registers, as saved.</summary>
    public byte[] ToArray()
    {
        if (registers is not null) return (byte[])registers.Clone();
        var all = new byte[Size];
        for (var i = 0; i < sparseCount; i++) all[sparse![i] >> RankBits] = (byte)(sparse[i] & ((1 << RankBits) - 1));
        return all;
    }

    public HyperLogLog Copy() => registers is not null
        ? new HyperLogLog((byte[])registers.Clone(), null, 0)
        : new HyperLogLog(null, sparse![..sparseCount], sparseCount);
}
