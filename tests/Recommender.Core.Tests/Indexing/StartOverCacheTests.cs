using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>The cache under every per-reader and per-segment memo (URL → document, seeds' terms, terms' states).</summary>
public sealed class StartOverCacheTests
{
    [Fact]
    public void Distinct_keys_past_the_bound_never_keep_more_than_the_bound()
    {
        const int bound = 1_000;
        var cache = new StartOverCache<string, int>(bound);

        for (var i = 0; i < bound + 2_500; i++)
        {
            Assert.Equal(i, cache.GetOrAdd($"https://example.com/{i}", static (_, n) => n, i));
            Assert.InRange(cache.Count, 1, bound);
        }
        // Started over twice: the latest values are the ones kept.
        Assert.True(cache.TryGetValue($"https://example.com/{bound + 2_499}", out var latest));
        Assert.Equal(bound + 2_499, latest);
        Assert.False(cache.TryGetValue("https://example.com/0", out _));
    }

    [Fact]
    public void Added_values_count_against_the_bound_like_computed_ones()
    {
        var cache = new StartOverCache<int, int>(10);

        for (var i = 0; i < 25; i++) cache.Add(i, i * i);

        Assert.InRange(cache.Count, 1, 10);
        Assert.True(cache.TryGetValue(24, out var square));
        Assert.Equal(576, square);
    }

    [Fact]
    public void Values_with_a_size_count_against_the_bound_by_their_sizes()
    {
        var cache = new StartOverCache<int, int[]>(10, size: values => values.Length);

        cache.Add(1, new int[4]);
        cache.Add(2, new int[4]);
        Assert.Equal(2, cache.Count);
        // 4 + 4 + 3 exceeds 10: the cache starts over with the newest alone.
        cache.Add(3, new int[3]);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGetValue(3, out _));
    }

    [Fact]
    public void A_value_no_longer_right_is_computed_again()
    {
        var cache = new StartOverCache<string, int>(10);
        cache.GetOrAdd("k", static (_, n) => n, 1);

        var again = cache.GetOrAdd("k", static (_, n) => n, 2, stillRight: static (kept, n) => kept == n);

        Assert.Equal(2, again);
    }
}
