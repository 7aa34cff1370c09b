using System.Buffers.Binary;
using System.Numerics;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// The document frequencies of one field's terms in one index reader, each looked up once and kept, with a
/// <see cref="Term"/> of its own, by the term's bytes. Kept in one array of slots (open addressing), each holding the
/// term's hash, its first 16 bytes and its frequency: a lookup of a term of up to 16 bytes reads one slot and nothing
/// else. A concurrent dictionary of <see cref="BytesRef"/> read a bucket, a node, the key's BytesRef and its array, each
/// elsewhere in memory, for each of the ~180 terms a cold seed looks up. Lookups take no lock; adds take one. Up to
/// <paramref name="bound"/> terms; past it, starts over, as <see cref="StartOverCache{TKey,TValue}"/> does.
/// </summary>
sealed class FieldDocFreqs(string field, int bound)
{
    const int InitialSlots = 1 << 12;

    /// <summary>
    /// A kept term: <see cref="Hash"/> is written last and is never 0, so a slot whose hash is set is complete. Its
    /// <see cref="Key"/> tells it from other terms without reading <see cref="Bytes"/>, another object elsewhere in memory,
    /// unless it is longer than the key. With the key (and the hash taken from it, not Murmur3 over the bytes) a cold
    /// seed took 0.86-0.97 of the CPU it took comparing the kept copy, in six rounds at 100k articles
    /// (docs/BENCHMARKS.md, "The digest's first run, sixth pass").
    /// </summary>
    struct Slot
    {
        public int Hash;
        public int DocFreq;
        public Key Key;
        public byte[] Bytes;
        public Term Term;
    }

    /// <summary>A term's length and its first 16 bytes (zeros past its end): equal keys are equal terms when the length is at most 16.</summary>
    readonly record struct Key(int Length, ulong Head, ulong Tail)
    {
        public const int Bytes = 2 * sizeof(ulong);

        public static Key Of(ReadOnlySpan<byte> term) =>
            new(term.Length, Word(term), term.Length > sizeof(ulong) ? Word(term[sizeof(ulong)..]) : 0);

        /// <summary>The first 8 bytes, little-endian, zeros past the end.</summary>
        static ulong Word(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length >= sizeof(ulong)) return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            ulong word = 0;
            for (var i = bytes.Length - 1; i >= 0; i--) word = word << 8 | bytes[i];
            return word;
        }

        /// <summary>The high half of a multiplicative (Fibonacci) hash of the key, never 0 (an empty slot's).</summary>
        public int Hash => (int)(((Head ^ BitOperations.RotateLeft(Tail, 29) ^ (ulong)Length) * 0x9E3779B97F4A7C15) >> 32) is var hash && hash != 0 ? hash : 1;
    }

    /// <summary>Slots, a power of two of them, at most half full; replaced by a larger copy, never changed but for adds.</summary>
    sealed class Table(int slots)
    {
        public readonly Slot[] Slots = new Slot[slots];
        public int Count;
    }

    Table _table = new(InitialSlots);
    readonly Lock _adding = new();

    /// <summary>The term of <paramref name="bytes"/> in this field (a kept copy) and its document frequency in <paramref name="reader"/>.</summary>
    public (Term Term, int DocFreq) Of(IndexReader reader, BytesRef bytes)
    {
        var span = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length);
        var key = Key.Of(span);
        var hash = key.Hash;
        if (Find(Volatile.Read(ref _table), span, key, hash) is { } kept) return kept;
        // Looked up outside the lock: another thread may add the same term meanwhile, and then its copy is the one kept.
        var docFreq = ReusedTerms.DocFreq(reader, field, bytes);
        lock (_adding)
        {
            var table = _table;
            if (Find(table, span, key, hash) is { } added) return added;
            if (table.Count >= bound) table = new Table(InitialSlots);
            else if (2 * (table.Count + 1) > table.Slots.Length) table = Grown(table);
            var copy = span.ToArray();
            var term = new Term(field, new BytesRef(copy));
            Add(table, new Slot { Hash = hash, DocFreq = docFreq, Key = key, Bytes = copy, Term = term });
            Volatile.Write(ref _table, table);
            return (term, docFreq);
        }
    }

    /// <summary>Terms kept now: for tests.</summary>
    internal int Count => Volatile.Read(ref _table).Count;

    static (Term, int)? Find(Table table, ReadOnlySpan<byte> bytes, Key key, int hash)
    {
        var slots = table.Slots;
        for (var i = hash & (slots.Length - 1); ; i = (i + 1) & (slots.Length - 1))
        {
            var slotHash = Volatile.Read(ref slots[i].Hash);
            if (slotHash == 0) return null;
            if (slotHash == hash && slots[i].Key == key && (key.Length <= Key.Bytes || bytes.SequenceEqual(slots[i].Bytes)))
                return (slots[i].Term, slots[i].DocFreq);
        }
    }

    /// <summary>Fills a free slot with <paramref name="slot"/>, its hash last.</summary>
    static void Add(Table table, Slot slot)
    {
        var slots = table.Slots;
        var i = slot.Hash & (slots.Length - 1);
        while (slots[i].Hash != 0) i = (i + 1) & (slots.Length - 1);
        var hash = slot.Hash;
        slot.Hash = 0;
        slots[i] = slot;
        Volatile.Write(ref slots[i].Hash, hash);
        table.Count++;
    }

    /// <summary>A copy with twice the slots; readers of the old table still find what it holds.</summary>
    static Table Grown(Table table)
    {
        var grown = new Table(table.Slots.Length * 2);
        foreach (var slot in table.Slots)
        {
            if (slot.Hash != 0) Add(grown, slot);
        }
        return grown;
    }
}
