namespace Recommender.Core.Indexing;

/// <summary>
/// <see cref="StartOverCache{TKey,TValue}"/> for a value per document of one segment, keyed by the document's number
/// there: an array slot rather than a concurrent dictionary's entry, so a hit is one load and an add one store, with no
/// lock, no hashing and no node to allocate. In a digest's first run at 100k articles the seeds' dictionary took its
/// locks for each cold seed and 14 % of the CPU samples spun on them (docs/BENCHMARKS.md, "The digest's first run, fifth
/// pass"). The array costs a reference per document of the segment (800 KB at 100k articles), made when the segment is
/// first asked for. Thread-safe; two threads may compute the same value at once.
/// </summary>
sealed class StartOverArray<TValue>(int documents, int bound) where TValue : class
{
    readonly TValue?[] _values = new TValue?[documents];
    int _entries;

    /// <summary>Values kept now, counted by a walk over every slot: for tests.</summary>
    internal int Count => _values.Count(value => value is not null);

    /// <param name="stillRight">Whether a kept value may still be used; when not, it is computed again.</param>
    public TValue GetOrAdd<TArgument>(int doc, Func<int, TArgument, TValue> compute, TArgument argument,
        Func<TValue, TArgument, bool>? stillRight = null)
    {
        if (Volatile.Read(ref _values[doc]) is { } value && (stillRight is null || stillRight(value, argument))) return value;
        value = compute(doc, argument);
        if (Interlocked.Increment(ref _entries) > bound)
        {
            Array.Clear(_values);
            Interlocked.Exchange(ref _entries, 1);
        }
        Volatile.Write(ref _values[doc], value);
        return value;
    }
}
