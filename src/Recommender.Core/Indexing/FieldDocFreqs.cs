using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// The document frequencies of one field's terms in one index reader, each looked up once and kept, with a
/// <see cref="Term"/> of its own, by the term's bytes. Kept in one array of slots (open addressing), each holding the
/// term's hash, its bytes and its frequency: a lookup reads a slot and the bytes. A concurrent dictionary of
/// <see cref="BytesRef"/> read a bucket, a node, the key's BytesRef and its array, each elsewhere in memory, for each of
/// the few hundred terms of a cold seed. Lookups take no lock; adds take one. Up to <paramref name="bound"/> terms; past
/// it, starts over, as <see cref="StartOverCache{TKey,TValue}"/> does.
/// </summary>
sealed class FieldDocFreqs(string field, int bound)
{
    const int InitialSlots = 1 << 12;

    /// <summary>A kept term: <see cref="Hash"/> is written last and is never 0, so a slot whose hash is set is complete.</summary>
    struct Slot
    {
        public int Hash;
        public int DocFreq;
        public byte[] Bytes;
        public Term Term;
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
        var hash = HashOf(bytes);
        if (Find(Volatile.Read(ref _table), bytes, hash) is { } kept) return kept;
        // Looked up outside the lock: another thread may add the same term meanwhile, and then its copy is the one kept.
        var docFreq = ReusedTerms.DocFreq(reader, field, bytes);
        lock (_adding)
        {
            var table = _table;
            if (Find(table, bytes, hash) is { } added) return added;
            if (table.Count >= bound) table = new Table(InitialSlots);
            else if (2 * (table.Count + 1) > table.Slots.Length) table = Grown(table);
            var copy = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray();
            var term = new Term(field, new BytesRef(copy));
            Add(table, hash, copy, term, docFreq);
            Volatile.Write(ref _table, table);
            return (term, docFreq);
        }
    }

    /// <summary>Terms kept now: for tests.</summary>
    internal int Count => Volatile.Read(ref _table).Count;

    static int HashOf(BytesRef bytes) => bytes.GetHashCode() is var hash && hash != 0 ? hash : 1;

    static (Term, int)? Find(Table table, BytesRef bytes, int hash)
    {
        var slots = table.Slots;
        for (var i = hash & (slots.Length - 1); ; i = (i + 1) & (slots.Length - 1))
        {
            var slotHash = Volatile.Read(ref slots[i].Hash);
            if (slotHash == 0) return null;
            if (slotHash == hash && bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).SequenceEqual(slots[i].Bytes)) return (slots[i].Term, slots[i].DocFreq);
        }
    }

    static void Add(Table table, int hash, byte[] bytes, Term term, int docFreq)
    {
        var slots = table.Slots;
        var i = hash & (slots.Length - 1);
        while (slots[i].Hash != 0) i = (i + 1) & (slots.Length - 1);
        slots[i].Bytes = bytes;
        slots[i].Term = term;
        slots[i].DocFreq = docFreq;
        Volatile.Write(ref slots[i].Hash, hash);
        table.Count++;
    }

    /// <summary>A copy with twice the slots; readers of the old table still find what it holds.</summary>
    static Table Grown(Table table)
    {
        var grown = new Table(table.Slots.Length * 2);
        foreach (var slot in table.Slots)
        {
            if (slot.Hash != 0) Add(grown, slot.Hash, slot.Bytes, slot.Term, slot.DocFreq);
        }
        return grown;
    }
}
