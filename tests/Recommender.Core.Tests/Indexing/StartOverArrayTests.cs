using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>The per-segment memo by document number under seeds' terms and listed articles.</summary>
public sealed class StartOverArrayTests
{
    [Fact]
    public void A_kept_value_is_returned_without_computing_it_again()
    {
        var array = new StartOverArray<string>(documents: 10, bound: 10);
        var computed = 0;

        var first = array.GetOrAdd(3, (doc, _) => { computed++; return $"doc {doc}"; }, 0);
        var second = array.GetOrAdd(3, (doc, _) => { computed++; return "again"; }, 0);

        Assert.Equal("doc 3", first);
        Assert.Same(first, second);
        Assert.Equal(1, computed);
    }

    [Fact]
    public void Past_the_bound_it_starts_over_with_the_latest_value()
    {
        var array = new StartOverArray<string>(documents: 100, bound: 4);

        for (var doc = 0; doc < 10; doc++)
        {
            array.GetOrAdd(doc, static (d, _) => d.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
            Assert.InRange(array.Count, 1, 4);
        }
        // Started over at the 5th and 9th values: the 9th and 10th are kept, the first is computed again.
        Assert.Equal(2, array.Count);
        Assert.Equal("0 again", array.GetOrAdd(0, static (d, _) => $"{d} again", 0));
        Assert.Equal("9", array.GetOrAdd(9, static (_, _) => "not kept", 0));
    }

    [Fact]
    public void A_value_no_longer_right_is_replaced()
    {
        var array = new StartOverArray<Tuple<int>>(documents: 2, bound: 10);
        array.GetOrAdd(1, static (_, n) => Tuple.Create(n), 1);

        var replaced = array.GetOrAdd(1, static (_, n) => Tuple.Create(n), 2, stillRight: static (kept, n) => kept.Item1 == n);
        var kept = array.GetOrAdd(1, static (_, n) => Tuple.Create(n), 3);

        Assert.Equal(2, replaced.Item1);
        Assert.Same(replaced, kept);
    }
}
