using System.Collections.Concurrent;

namespace Recommender.Core.Indexing;

/// <summary>
/// Values computed once and kept, up to <paramref name="bound"/> of them (or of their <paramref name="size"/>s, when
/// given); past it, the cache starts over. A crude
/// bound on memory: starting over costs some misses, where tracking use would cost every hit (and a concurrent
/// dictionary's Count takes all its locks). Thread-safe; two threads may compute the same value at once.
/// </summary>
sealed class StartOverCache<TKey, TValue>(int bound, Func<TValue, int>? size = null) where TKey : notnull
{
    readonly ConcurrentDictionary<TKey, TValue> _values = new();
    int _entries;

    /// <summary>Values kept now; takes every lock of the dictionary, so for tests and diagnostics only.</summary>
    internal int Count => _values.Count;

    public bool TryGetValue(TKey key, out TValue value) => _values.TryGetValue(key, out value!);

    /// <param name="stillRight">Whether a kept value may still be used; when not, it is computed again.</param>
    public TValue GetOrAdd<TArgument>(TKey key, Func<TKey, TArgument, TValue> compute, TArgument argument,
        Func<TValue, TArgument, bool>? stillRight = null)
    {
        if (_values.TryGetValue(key, out var value) && (stillRight is null || stillRight(value, argument))) return value;
        value = compute(key, argument);
        Add(key, value);
        return value;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/>, starting over first when the cache is full.</summary>
    public void Add(TKey key, TValue value)
    {
        var added = size?.Invoke(value) ?? 1;
        if (Interlocked.Add(ref _entries, added) > bound)
        {
            _values.Clear();
            Interlocked.Exchange(ref _entries, added);
        }
        _values[key] = value;
    }
}
