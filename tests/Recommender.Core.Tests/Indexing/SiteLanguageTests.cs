using Lucene.Net.Index;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Core.Tests.Indexing;

/// <summary>A site's configured language picks the analyzer of its articles and of its searches.</summary>
public sealed class SiteLanguageTests : IDisposable
{
    const string German = "zeitung.example";
    const string English = "news.example";
    const string Text = "Die Regierungen der Länder und die Bürger streiten über neue Häuser.";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public SiteLanguageTests()
    {
        _index = ArticleIndex.Open(_dir.Path, new ArticleIndexOptions { SiteLanguage = site => site == German ? "de" : null });
        // The page states English, as many templates' lang attribute does whatever the text: the site's language wins.
        _index.Upsert(new Article { Site = German, Url = $"https://{German}/1", Title = "Streit um Wohnungsbau", Text = Text, Language = "en" });
        _index.Upsert(new Article { Site = English, Url = $"https://{English}/1", Title = "Housing", Text = Text });
        _index.Refresh();
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_german_sites_article_is_stored_as_german()
    {
        Assert.Equal("de", _index.Get(German, $"https://{German}/1")!.Language);
        Assert.Null(_index.Get(English, $"https://{English}/1")!.Language);
    }

    [Fact]
    public void German_stop_words_are_not_terms_of_a_german_sites_article()
    {
        var german = TermsOf(German);
        var english = TermsOf(English);
        Assert.DoesNotContain("die", german);
        Assert.DoesNotContain("und", german);
        Assert.DoesNotContain("der", german);
        // The same words analysed as English are terms: the analyzer differs by site, not by text.
        Assert.Contains("die", english);
        Assert.Contains("und", english);
    }

    [Theory]
    [InlineData("Regierung")]
    [InlineData("Land")]
    [InlineData("Haus")]
    public void A_search_for_another_inflected_form_finds_the_german_article(string word)
    {
        var hits = _index.Search(ArticleIndex.ParseUserQuery(word, "de"), new ArticleFilter { Site = German }, 0, 10, ArticleSort.Score).Hits;
        Assert.Equal($"https://{German}/1", Assert.Single(hits).Article.Url);

        // Read as English, the word does not find the other site's copy of the same text: it is the German stemmer that does.
        var english = _index.Search(ArticleIndex.ParseUserQuery(word, "en"), new ArticleFilter { Site = English }, 0, 10, ArticleSort.Score).Hits;
        Assert.Empty(english);
    }

    HashSet<string> TermsOf(string site) => _index.WithSearcher(searcher =>
    {
        var doc = ArticleIndex.FindDoc(searcher, site, $"https://{site}/1")!.Value;
        var terms = new HashSet<string>();
        foreach (var (term, _) in ArticleTerms.Of(searcher.IndexReader, doc).Body) terms.Add(term.Utf8ToString());
        return terms;
    });
}
