using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>A term of an article's field and how often the field has it.</summary>
readonly record struct TermFrequency(BytesRef Term, int Frequency);

/// <summary>
/// An article's analysed terms with their frequencies, most frequent first: of its body field (which holds the title too,
/// see <see cref="ArticleDocuments"/>) and of its title. What a seed's terms are chosen from, the same bag of words as its
/// term vectors hold; kept at indexing time in the <see cref="ArticleFields.Terms"/> doc values, because decoding the term
/// vectors was 6 % of a cold request at 100k articles, and the frequency order lets the choice stop early (see
/// <see cref="Recommendations.ProfileQueryBuilder"/>).
/// </summary>
sealed record ArticleTerms(IReadOnlyList<TermFrequency> Body, IReadOnlyList<TermFrequency> Title)
{
    const byte Format = 1;

    /// <summary>An article's body and title terms, counted as they were analysed (<see cref="AnalysedText"/>), encoded for <see cref="ArticleFields.Terms"/>.</summary>
    public static byte[] Encode(Dictionary<BytesRef, int> body, Dictionary<BytesRef, int> title) => ArticleDocuments.Encoded(Format, writer =>
    {
        Write(writer, body);
        Write(writer, title);
    });

    /// <summary>
    /// The terms of a document of <paramref name="reader"/>: from its doc values, or from its term vectors where it was
    /// written before they existed (an index re-imported gets them).
    /// </summary>
    public static ArticleTerms Of(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var encoded = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(ArticleFields.Terms)?.Get(doc - leaf.DocBase, encoded);
        if (encoded.Length > 0) return Decode(encoded);
        var vectors = reader.GetTermVectors(doc);
        return new ArticleTerms(FromVector(vectors?.GetTerms(ArticleFields.Text)), FromVector(vectors?.GetTerms(ArticleFields.Title)));
    }

    static void Write(BinaryWriter writer, Dictionary<BytesRef, int> counts)
    {
        writer.Write7BitEncodedInt(counts.Count);
        foreach (var (term, frequency) in MostFrequentFirst(counts.Select(c => new TermFrequency(c.Key, c.Value))))
        {
            writer.Write7BitEncodedInt(term.Length);
            writer.Write(term.Bytes, term.Offset, term.Length);
            writer.Write7BitEncodedInt(frequency);
        }
    }

    static ArticleTerms Decode(BytesRef encoded)
    {
        using var reader = new BinaryReader(new MemoryStream(encoded.Bytes, encoded.Offset, encoded.Length));
        reader.ReadByte(); // the format
        return new ArticleTerms(Read(reader, encoded), Read(reader, encoded));
    }

    static List<TermFrequency> Read(BinaryReader reader, BytesRef encoded)
    {
        var count = reader.Read7BitEncodedInt();
        var terms = new List<TermFrequency>(count);
        for (var i = 0; i < count; i++)
        {
            var length = reader.Read7BitEncodedInt();
            // The term points into the encoded bytes rather than copying them.
            var term = new BytesRef(encoded.Bytes, encoded.Offset + (int)reader.BaseStream.Position, length);
            reader.BaseStream.Seek(length, SeekOrigin.Current);
            terms.Add(new TermFrequency(term, reader.Read7BitEncodedInt()));
        }
        return terms;
    }

    static List<TermFrequency> FromVector(Terms? vector)
    {
        if (vector is null) return [];
        var terms = new List<TermFrequency>((int)vector.Count);
        var termsEnum = vector.GetEnumerator();
        while (termsEnum.MoveNext()) terms.Add(new TermFrequency(BytesRef.DeepCopyOf(termsEnum.Term), (int)termsEnum.TotalTermFreq));
        return MostFrequentFirst(terms);
    }

    static List<TermFrequency> MostFrequentFirst(IEnumerable<TermFrequency> terms)
    {
        var sorted = terms.ToList();
        sorted.Sort(static (a, b) => a.Frequency != b.Frequency ? b.Frequency.CompareTo(a.Frequency) : a.Term.CompareTo(b.Term));
        return sorted;
    }
}
