using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class TfIdfCosineRecommenderTests
{
    static readonly string[] Texts =
    [
        "Apple banana apple",
        "apple cherry",
        "banana cherry the",
        "durian",
    ];

    [Fact]
    public void Rows_are_built_from_two_readings_of_each_text_and_keep_the_terms_of_two_texts_or_more()
    {
        var asked = new int[Texts.Length];
        var vectors = TfIdfCosineRecommender.Build(Texts.Length, d =>
        {
            asked[d]++;
            return Texts[d];
        });

        // Each text read once for the document frequencies and once for its row, never held.
        Assert.All(asked, times => Assert.Equal(2, times));
        // "durian" is in one text only (min_df 2) and "the" is a stop word: apple, banana and cherry remain.
        Assert.Equal(3, vectors.Vocabulary);
        Assert.Equal(Texts.Length, vectors.Documents);
    }

    [Fact]
    public void Rows_are_ranked_by_cosine_to_the_seed_and_a_row_without_terms_matches_nothing()
    {
        var vectors = TfIdfCosineRecommender.Build(Texts);

        // Text 0 has apple twice and banana once, all three terms having the same idf: text 1 shares apple, weighted
        // 1 + ln 2 against banana's 1, so it ranks above text 2; text 3 has no term left and never comes.
        Assert.Equal([1, 2], vectors.Recommend([(0, 1.0)], new HashSet<int> { 0 }, limit: 10));
        Assert.Empty(vectors.Recommend([(3, 1.0)], new HashSet<int> { 3 }, limit: 10));
        Assert.Equal([1], vectors.Recommend([(0, 1.0)], new HashSet<int> { 0 }, limit: 1));
    }
}
