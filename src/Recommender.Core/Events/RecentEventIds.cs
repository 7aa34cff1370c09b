using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Recommender.Core.Events;

/// <summary>
/// The events seen lately, at most <c>capacity</c> of them, the oldest forgotten first: enough to recognise a
/// redelivered event, which comes back within minutes, without growing for ever. An event is kept as a 128-bit
/// hash of its site and id (<see cref="KeyOf"/>), about 44 bytes with the set and the queue, so 500,000 of them
/// take about 22 MB; two different events share a key with a chance of about 10⁻²⁷.
/// </summary>
public sealed class RecentEventIds(int capacity)
{
    readonly HashSet<UInt128> keys = [];
    readonly Queue<UInt128> order = new();

    /// <summary>The key of event <paramref name="id"/> of <paramref name="site"/>: ids are the tag's, unique per site only.</summary>
    public static UInt128 KeyOf(string site, string id) =>
        XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()), (long)XxHash64.HashToUInt64(MemoryMarshal.AsBytes(site.AsSpan())));

    public bool Contains(UInt128 key) => keys.Contains(key);

    /// <summary>Records <paramref name="key"/>; false when it was seen already.</summary>
    public bool Add(UInt128 key)
    {
        if (!keys.Add(key)) return false;
        order.Enqueue(key);
        if (order.Count > capacity) keys.Remove(order.Dequeue());
        return true;
    }

    /// <summary>Records event <paramref name="id"/> of <paramref name="site"/>; false when it was seen already.</summary>
    public bool Add(string site, string id) => Add(KeyOf(site, id));
}
