using Lucene.Net.Index;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Recommendations;

/// <summary>A seed's terms, looked up by term: the bits of their hashes only spare walks where a term cannot be.</summary>
public sealed class SeedTermListTests
{
    static HashedTerm Text(string word) => new(new Term(ArticleFields.Text, word));

    [Fact]
    public void Every_term_is_found_with_its_own_values_and_other_terms_are_not()
    {
        // As many terms as a seed has: most of the 256 bits stay clear, so a bit set for one term and looked up for another fails.
        var terms = Enumerable.Range(0, 45).Select(i => new SeedTerm(Text($"word{i}"), DocFreq: i, Weight: i / 10.0)).ToArray();
        var list = new SeedTermList(terms);

        for (var i = 0; i < terms.Length; i++)
        {
            Assert.True(list.TryGetValue(Text($"word{i}"), out var found), $"word{i}");
            Assert.Equal((i, i / 10.0), (found.DocFreq, found.Weight));
        }
        Assert.All(Enumerable.Range(45, 1000), i => Assert.False(list.Contains(Text($"word{i}"))));
        Assert.False(list.Contains(new HashedTerm(new Term(ArticleFields.Title, "word1"))));
        Assert.False(new SeedTermList([]).Contains(Text("word1")));
    }
}
