using Lucene.Net.Analysis.TokenAttributes;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>Soft hyphens (U+00AD) inside words neither split them in the index nor in a query.</summary>
public sealed class SoftHyphenTests : IDisposable
{
    const string Site = "zeitung.example";
    const string Hyphenated = "Das Mit\u00ADtel\u00ADal\u00ADter war eine Zeit der Bur\u00ADgen.";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public SoftHyphenTests()
    {
        _index = ArticleIndex.Open(_dir.Path, new ArticleIndexOptions { SiteLanguage = _ => "de" });
        _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/1", Title = "Leben im Mit\u00ADtel\u00ADal\u00ADter", Text = Hyphenated });
        _index.Refresh();
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("Mittelalter")]
    [InlineData("Burgen")]
    [InlineData("Mit\u00ADtel\u00ADal\u00ADter")]
    public void A_word_written_with_soft_hyphens_is_found_by_the_word(string word)
    {
        var hits = _index.Search(ArticleIndex.ParseUserQuery(word, "de"), new ArticleFilter { Site = Site }, 0, 10, ArticleSort.Score).Hits;
        Assert.Equal($"https://{Site}/1", Assert.Single(hits).Article.Url);
    }

    [Fact]
    public void The_text_has_the_terms_of_the_same_text_without_soft_hyphens() =>
        Assert.Equal(Tokens(Hyphenated.Replace("\u00AD", "")).Select(t => t.Term), Tokens(Hyphenated).Select(t => t.Term));

    [Theory]
    [InlineData("Mit\u00ADtel\u00ADal\u00ADter")]
    [InlineData("Bur\u00ADgen")]
    public void A_words_offsets_span_it_as_written(string written)
    {
        var start = Hyphenated.IndexOf(written, StringComparison.Ordinal);
        Assert.Contains(Tokens(Hyphenated), t => t.Start == start && t.End == start + written.Length);
    }

    [Fact]
    public void More_soft_hyphens_than_a_read_takes_are_skipped_whole() =>
        // 5,000 soft hyphens fill the tokenizer's reads (4,096 characters at most) with nothing to hand out.
        Assert.Equal(["mittelalt"], Tokens(new string('\u00AD', 5000) + "Mittelalter").Select(t => t.Term));

    [Fact]
    public void Read_a_character_at_a_time_the_text_is_the_same_and_so_are_its_offsets()
    {
        const string written = "Mit\u00ADtel\u00AD\u00ADal\u00AD";
        using var filter = new SoftHyphenFilter(new StringReader(written));
        var read = new System.Text.StringBuilder();
        for (var c = filter.Read(); c >= 0; c = filter.Read()) read.Append((char)c);

        Assert.Equal("Mittelal", read.ToString());
        // "t" of "tel" is the 4th character read and the 5th written; "a" of "al" the 7th read and the 10th written.
        Assert.Equal(4, filter.CorrectOffset(3));
        Assert.Equal(9, filter.CorrectOffset(6));
    }

    static List<(string Term, int Start, int End)> Tokens(string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = ArticleAnalyzers.For("de").GetTokenStream(ArticleFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        stream.End();
        return tokens;
    }
}
