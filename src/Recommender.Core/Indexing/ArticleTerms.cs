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
/// <remarks>
/// Read over the encoded bytes as they are enumerated, into one term: a seed's choice stops early and reads only some,
/// and a term object for each was 150 KB of the 1,178 KB a cold reader allocated at 100k articles (docs/BENCHMARKS.md,
/// "The cold reader, third pass").
/// </remarks>
sealed class ArticleTerms
{
    const byte Format = 1;

    readonly byte[] _encoded;
    readonly int _body;

    ArticleTerms(byte[] encoded, int offset)
    {
        _encoded = encoded;
        _body = offset + 1; // after the format
    }

    public FieldTerms Body => new(_encoded, _body);

    /// <summary>After the body's terms, found by reading past them: their lengths only, nothing hashed or looked up.</summary>
    public FieldTerms Title => new(_encoded, Body.End);

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
        if (encoded.Length > 0) return new ArticleTerms(encoded.Bytes, encoded.Offset);
        var vectors = reader.GetTermVectors(doc);
        return new ArticleTerms(Encode(Counts(vectors?.GetTerms(ArticleFields.Text)), Counts(vectors?.GetTerms(ArticleFields.Title))), 0);
    }

    static void Write(BinaryWriter writer, Dictionary<BytesRef, int> counts)
    {
        writer.Write7BitEncodedInt(counts.Count);
        var mostFrequentFirst = counts.ToList();
        mostFrequentFirst.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
        foreach (var (term, frequency) in mostFrequentFirst)
        {
            writer.Write7BitEncodedInt(term.Length);
            writer.Write(term.Bytes, term.Offset, term.Length);
            writer.Write7BitEncodedInt(frequency);
        }
    }

    static Dictionary<BytesRef, int> Counts(Terms? vector)
    {
        var counts = new Dictionary<BytesRef, int>();
        if (vector is null) return counts;
        var termsEnum = vector.GetEnumerator();
        while (termsEnum.MoveNext()) counts[BytesRef.DeepCopyOf(termsEnum.Term)] = (int)termsEnum.TotalTermFreq;
        return counts;
    }
}

/// <summary>One field's terms, most frequent first, decoded from <see cref="ArticleTerms"/>' bytes as they are enumerated.</summary>
readonly struct FieldTerms(byte[] encoded, int start)
{
    public Enumerator GetEnumerator() => new(encoded, start);

    /// <summary>Where the field's terms end in the encoded bytes.</summary>
    public int End
    {
        get
        {
            var terms = GetEnumerator();
            while (terms.MoveNext()) { }
            return terms.Position;
        }
    }

    /// <summary>The terms in turn; <see cref="Current"/>'s term is one object, changed by every <see cref="MoveNext"/>: copy what is kept.</summary>
    public struct Enumerator(byte[] encoded, int start)
    {
        readonly BytesRef _term = new(encoded, 0, 0);
        int _position = start;
        int _left = -1;
        int _frequency;

        public readonly TermFrequency Current => new(_term, _frequency);

        internal readonly int Position => _position;

        public bool MoveNext()
        {
            if (_left < 0) _left = ReadCount();
            if (_left == 0) return false;
            _left--;
            _term.Length = ReadCount();
            _term.Offset = _position;
            _position += _term.Length;
            _frequency = ReadCount();
            return true;
        }

        /// <summary>As <see cref="BinaryReader.Read7BitEncodedInt"/>, which wrote it: seven bits a byte, low first, the high bit set on all but the last.</summary>
        int ReadCount()
        {
            var value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = encoded[_position++];
                value |= (b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }
    }
}
