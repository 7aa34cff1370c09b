using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace Recommender.Core.Engagement;

/// <summary>
/// Counts distinct readers approximately in 512 bytes (HyperLogLog with 2^9 registers: a standard
/// error of about 4.6%), and merges with others, so that unique readers of a window are the union of
/// its hourly buckets.
/// </summary>
public sealed class HyperLogLog
{
    const int Precision = 9;
    public const int Size = 1 << Precision;

    /// <summary>2^−value for every byte a register can hold (a restored one too), so an estimate reads a table rather than computing 512 powers.</summary>
    static readonly double[] PowersOfHalf = [.. Enumerable.Range(0, 256).Select(value => Math.ScaleB(1, -value))];

    readonly byte[] registers;

    public HyperLogLog() => registers = new byte[Size];

    /// <summary>Restores the counter from <see cref="ToArray"/>; bytes of another length give an empty one.</summary>
    public HyperLogLog(ReadOnlySpan<byte> saved) => registers = saved.Length == Size ? saved.ToArray() : new byte[Size];

    public void Add(string value)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(value));
        var register = (int)(hash >> (64 - Precision));
        // The guard bit caps the rank when the remaining bits are all zero.
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        if (rank > registers[register]) registers[register] = rank;
    }

    public void UnionWith(HyperLogLog other)
    {
        for (var i = 0; i < Size; i++) registers[i] = Math.Max(registers[i], other.registers[i]);
    }

    public double Estimate()
    {
        var sum = 0.0;
        var zeros = 0;
        foreach (var register in registers)
        {
            sum += PowersOfHalf[register];
            if (register == 0) zeros++;
        }
        const double alpha = 0.7213 / (1 + 1.079 / Size);
        var raw = alpha * Size * Size / sum;
        // Linear counting is the better estimate while many registers are still empty.
        return raw <= 2.5 * Size && zeros > 0 ? Size * Math.Log((double)Size / zeros) : raw;
    }

    public byte[] ToArray() => (byte[])registers.Clone();

    public HyperLogLog Copy() => new(registers);
}
