using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Semantic;
using Recommender.Core.Stories;

namespace Recommender.Core.Indexing;

/// <summary>Maps articles to Lucene documents and back (see <see cref="ArticleFields"/> for the schema).</summary>
static class ArticleDocuments
{
    // Title and body have no term vectors (documents written before ArticleFields.Terms have, and are read from them):
    // the terms doc values hold the same bag of words, and the vectors were 82.6 MB of the 422 MB index at 100k articles.
    const byte ListedFormat = 1;

    /// <summary>
    /// The article's document; its story signature, when stories are assigned, is stored with it. Its terms are analysed
    /// with <paramref name="analyzer"/>, which must be the one the document is written with.
    /// </summary>
    public static Document ToDocument(Article article, Analyzer analyzer, StorySignature? signature = null)
    {
        // Each text analysed once, for the index and the terms doc values both.
        var bodyTerms = new Dictionary<BytesRef, int>();
        var titleTerms = new Dictionary<BytesRef, int>();
        var doc = new Document
        {
            new KeywordField(ArticleFields.Id, ArticleFields.IdOf(article.Site, article.Url), Field.Store.NO),
            new KeywordField(ArticleFields.Site, article.Site, Field.Store.YES),
            new KeywordField(ArticleFields.Url, article.Url, Field.Store.YES),
            Analysed(ArticleFields.Title, article.Title ?? "", Field.Store.YES, analyzer, titleTerms),
            Analysed(ArticleFields.Text, article.Text ?? "", Field.Store.YES, analyzer, bodyTerms),
            // The title once more, in the body's field but not stored with it: a body term then also matches a title, and
            // the body's terms, which a seed's terms are chosen from (ArticleTerms), are the whole article's bag of words,
            // as TF-IDF cosine over title + body sees it. Title terms only in title clauses were scored through the short
            // title's length norm, about nine times a body match (docs/EVALUATION.md, "Lexical scoring": MIND 0.240 →
            // 0.266, BBC 0.906 → 0.907 of the top 10 in the label).
            Analysed(ArticleFields.Text, article.Title ?? "", Field.Store.NO, analyzer, bodyTerms),
        };
        if (article.Description is { } description) doc.Add(new TextField(ArticleFields.Description, description, Field.Store.YES));
        if (article.Section is { } section) AddKeyword(doc, ArticleFields.Section, ArticleFields.SectionKey, section);
        foreach (var author in article.Authors) AddKeyword(doc, ArticleFields.Authors, ArticleFields.AuthorKey, author);
        foreach (var tag in article.Tags) AddKeyword(doc, ArticleFields.Tags, ArticleFields.TagKey, tag);
        if (article.PubDate is { } pubDate)
        {
            var millis = pubDate.ToUnixTimeMilliseconds();
            doc.Add(new Int64Field(ArticleFields.PubDate, millis, Field.Store.YES));
            doc.Add(new NumericDocValuesField(ArticleFields.PubDate, millis));
        }
        if (article.Modified is { } modified) doc.Add(new StoredField(ArticleFields.Modified, modified.ToUnixTimeMilliseconds()));
        if (article.Story is { } story)
        {
            doc.Add(new KeywordField(ArticleFields.Story, story, Field.Store.YES));
            doc.Add(new SortedDocValuesField(ArticleFields.Story, new BytesRef(story)));
        }
        if (signature is { Weights.Count: > 0 }) doc.Add(new BinaryDocValuesField(ArticleFields.StoryTerms, new BytesRef(signature.ToString())));
        if (article.Vector is { } vector) doc.Add(new BinaryDocValuesField(ArticleFields.Vector, new BytesRef(vector.ToBytes())));
        if (article.ImageUrl is { } imageUrl) doc.Add(new StoredField(ArticleFields.ImageUrl, imageUrl));
        if (article.Language is { } language) doc.Add(new StoredField(ArticleFields.Language, language));
        doc.Add(new BinaryDocValuesField(ArticleFields.Listed, new BytesRef(ListedBytes(article))));
        doc.Add(new BinaryDocValuesField(ArticleFields.Terms, new BytesRef(ArticleTerms.Encode(bodyTerms, titleTerms))));
        return doc;
    }

    /// <summary>A text field indexed with <paramref name="text"/>'s tokens as <paramref name="analyzer"/> gives them, its terms counted into <paramref name="counts"/>.</summary>
    static Field Analysed(string name, string text, Field.Store store, Analyzer analyzer, Dictionary<BytesRef, int> counts) =>
        new AnalysedField(name, text, store == Field.Store.YES ? TextField.TYPE_STORED : TextField.TYPE_NOT_STORED, AnalysedText.Of(analyzer, name, text, counts));

    /// <summary>What <see cref="ListedOf"/> reads back: the stored fields of <see cref="ListedArticles.Fields"/>, as stored.</summary>
    static byte[] ListedBytes(Article article) => Encoded(ListedFormat, writer =>
    {
        writer.Write(article.Site);
        writer.Write(article.Url);
        writer.Write(article.Title ?? "");
        WriteKeywords(writer, article.Authors);
        WriteKeywords(writer, article.Section is { } section ? [section] : []);
        WriteKeywords(writer, article.Tags);
        WriteOptional(writer, article.PubDate?.ToUnixTimeMilliseconds());
        WriteOptional(writer, article.Modified?.ToUnixTimeMilliseconds());
        WriteOptional(writer, article.ImageUrl);
        WriteOptional(writer, article.Description);
        WriteOptional(writer, article.Language);
        WriteOptional(writer, article.Story);
    });

    /// <summary>A doc value's bytes: <paramref name="format"/> first (never empty, so empty means a document without it), then what <paramref name="write"/> writes.</summary>
    internal static byte[] Encoded(byte format, Action<BinaryWriter> write)
    {
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes);
        writer.Write(format);
        write(writer);
        writer.Flush();
        return bytes.ToArray();
    }

    /// <summary>
    /// The listed article (every field but the body) of a segment's document, from its <see cref="ArticleFields.Listed"/>
    /// doc values; null for a document written before they existed.
    /// </summary>
    public static Article? ListedOf(AtomicReader segment, int local)
    {
        var encoded = new BytesRef();
        segment.GetBinaryDocValues(ArticleFields.Listed)?.Get(local, encoded);
        if (encoded.Length == 0) return null;
        using var reader = new BinaryReader(new MemoryStream(encoded.Bytes, encoded.Offset, encoded.Length));
        reader.ReadByte(); // the format
        return new Article
        {
            Site = reader.ReadString(),
            Url = reader.ReadString(),
            Title = reader.ReadString(),
            Authors = ReadKeywords(reader),
            Section = ReadKeywords(reader).FirstOrDefault(),
            Tags = ReadKeywords(reader),
            PubDate = ReadTime(reader),
            Modified = ReadTime(reader),
            ImageUrl = ReadOptional(reader),
            Description = ReadOptional(reader),
            Language = ReadOptional(reader),
            Story = ReadOptional(reader),
        };
    }

    /// <summary>The values a keyword field stores (see <see cref="AddKeyword"/>).</summary>
    static void WriteKeywords(BinaryWriter writer, IReadOnlyList<string> values)
    {
        var stored = values.Where(value => !string.IsNullOrWhiteSpace(value)).ToList();
        writer.Write7BitEncodedInt(stored.Count);
        foreach (var value in stored) writer.Write(value);
    }

    static string[] ReadKeywords(BinaryReader reader)
    {
        var values = new string[reader.Read7BitEncodedInt()];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadString();
        return values;
    }

    static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    static void WriteOptional(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value is { } millis) writer.Write(millis);
    }

    static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    static DateTimeOffset? ReadTime(BinaryReader reader) =>
        reader.ReadBoolean() ? DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()) : null;

    /// <summary>The article a document of this index stores.</summary>
    public static Article ToArticle(Document doc) => new()
    {
        Site = doc.Get(ArticleFields.Site) ?? "",
        Url = doc.Get(ArticleFields.Url) ?? "",
        Title = doc.Get(ArticleFields.Title) ?? "",
        Authors = doc.GetValues(ArticleFields.Authors),
        Section = doc.Get(ArticleFields.Section),
        Tags = doc.GetValues(ArticleFields.Tags),
        PubDate = TimeOf(doc, ArticleFields.PubDate),
        Modified = TimeOf(doc, ArticleFields.Modified),
        ImageUrl = doc.Get(ArticleFields.ImageUrl),
        Description = doc.Get(ArticleFields.Description),
        Language = doc.Get(ArticleFields.Language),
        Text = doc.Get(ArticleFields.Text) ?? "",
        Story = doc.Get(ArticleFields.Story),
    };

    /// <summary>
    /// The story of a document of <paramref name="reader"/>, from doc values (no stored fields are read); null when it has
    /// none. Each story's name is read once per segment, by its ordinal, and kept as long as the segment lives: reading it
    /// from the doc values (a new <c>byte[]</c> each time, then the string) was ~850 bytes and 1.5 µs a candidate, about
    /// 17 KB of a personalised request at 100k articles (docs/BENCHMARKS.md, h-warm and h-core). The names kept take 8 bytes
    /// a story of the segment, and the strings of those read.
    /// </summary>
    public static string? StoryOf(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var stories = leaf.AtomicReader.GetSortedDocValues(ArticleFields.Story);
        if (stories is null || stories.GetOrd(doc - leaf.DocBase) is var ord && ord < 0) return null;
        var names = StoryNames.GetOrAdd(leaf.AtomicReader.CoreCacheKey, static (_, count) => new string?[count], stories.ValueCount);
        // Two threads may both read a name; each writes the same string.
        return names[ord] ??= Name(stories, ord);
    }

    static readonly ConditionalWeakTable<object, string?[]> StoryNames = new();

    static string Name(SortedDocValues stories, int ord)
    {
        var story = new BytesRef();
        stories.LookupOrd(ord, story);
        return story.Utf8ToString();
    }

    /// <summary>The <see cref="StorySignature"/> of a document of <paramref name="reader"/>, from doc values; empty when it has none.</summary>
    public static StorySignature SignatureOf(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var signature = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(ArticleFields.StoryTerms)?.Get(doc - leaf.DocBase, signature);
        return StorySignature.Parse(signature.Utf8ToString());
    }

    /// <summary>The <see cref="ArticleVector"/> of a document of <paramref name="reader"/>, from doc values; null when it has none.</summary>
    public static ArticleVector? VectorOf(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        if (leaf.AtomicReader.GetBinaryDocValues(ArticleFields.Vector) is not { } vectors) return null;
        var bytes = new BytesRef();
        vectors.Get(doc - leaf.DocBase, bytes);
        return ArticleVector.FromBytes(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
    }

    static void AddKeyword(Document doc, string storedField, string keyField, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        doc.Add(new StoredField(storedField, value));
        doc.Add(new KeywordField(keyField, ArticleFields.KeyOf(value), Field.Store.NO));
    }

    static DateTimeOffset? TimeOf(Document doc, string field) =>
        doc.GetField(field)?.GetInt64Value() is { } millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null;
}
