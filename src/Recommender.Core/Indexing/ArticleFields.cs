namespace Recommender.Core.Indexing;

/// <summary>The field names of an article document in the index.</summary>
public static class ArticleFields
{
    /// <summary>Exact identity, site and URL joined by <see cref="IdSeparator"/>: the term <c>UpdateDocument</c> replaces by.</summary>
    public const string Id = "id";

    public const string Site = "site";

    /// <summary>The canonical URL, exact (not analysed), so that prefix and set filters work on it.</summary>
    public const string Url = "url";

    // Analysed with the article language's analyzer; title and text keep term vectors for MoreLikeThis.
    public const string Title = "title";
    public const string Description = "description";
    public const string Text = "text";

    // Stored originals, as the article gave them.
    public const string Authors = "authors";
    public const string Section = "section";
    public const string Tags = "tags";

    // Lower-cased exact copies that filters match against, so that filters ignore case.
    public const string AuthorKey = "author_key";
    public const string SectionKey = "section_key";
    public const string TagKey = "tag_key";

    /// <summary>Publication time in Unix milliseconds: indexed for ranges, doc values for sorting, stored.</summary>
    public const string PubDate = "pub_date";

    /// <summary>Last modification time in Unix milliseconds, stored only.</summary>
    public const string Modified = "modified";

    /// <summary>
    /// On an alias record: another address of a page (site and URL joined like <see cref="Id"/>), exact.
    /// Alias records have no site field, so no filter, search or count ever returns them.
    /// </summary>
    public const string Alias = "alias";

    /// <summary>On an alias record: the canonical URL of the article the alias leads to, stored.</summary>
    public const string AliasOf = "alias_of";

    /// <summary>The story the article belongs to (see <see cref="Articles.Article.Story"/>): exact, stored, and doc values for collapsing.</summary>
    public const string Story = "story";

    /// <summary>The article's <see cref="Stories.StorySignature"/>, in doc values (read without the stored text), which later articles are compared with.</summary>
    public const string StoryTerms = "story_terms";

    /// <summary>The article's <see cref="Semantic.ArticleVector"/> (<see cref="Articles.Article.Vector"/>), quantised, in binary doc values: read per candidate without the stored fields.</summary>
    public const string Vector = "vector";

    /// <summary>
    /// What an answer lists of the article (<see cref="ListedArticles.Fields"/>), encoded in binary doc values: read without
    /// unpacking the stored fields' compressed block, body included. Empty on documents written before it existed.
    /// </summary>
    public const string Listed = "listed";

    /// <summary>
    /// The article's analysed body and title terms with their frequencies (<see cref="ArticleTerms"/>), in binary doc
    /// values: what a seed's terms are chosen from, without decoding its term vectors. Empty on documents written before it existed.
    /// </summary>
    public const string Terms = "terms";

    public const string ImageUrl = "image_url";
    public const string Language = "language";

    /// <summary>Neither a site key nor a canonical URL can contain it.</summary>
    public const char IdSeparator = '\n';

    public static string IdOf(string site, string url) => site + IdSeparator + url;

    /// <summary>The form in which keyword values (authors, section, tags) are indexed and matched.</summary>
    public static string KeyOf(string value) => value.Trim().ToLowerInvariant();
}
