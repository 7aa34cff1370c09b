using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;

namespace Recommender.Core.Indexing;

/// <summary>
/// An analyzer that reads its text without soft hyphens (U+00AD). A soft hyphen only marks where a word may break at the
/// end of a line, and German, Dutch and Scandinavian publishers set them inside long words ("Mit&#xAD;tel&#xAD;al&#xAD;ter"):
/// the tokenizers split there, so the article was indexed under "mit", "tel", "al" and "ter" and a search or a related
/// article for "Mittelalter" could not meet it.
/// </summary>
sealed class WithoutSoftHyphens(Analyzer analyzer) : AnalyzerWrapper(analyzer.Strategy)
{
    protected override Analyzer GetWrappedAnalyzer(string fieldName) => analyzer;

    protected override TextReader WrapReader(string fieldName, TextReader reader) => new SoftHyphenFilter(reader);
}

/// <summary>Drops soft hyphens from the text it reads, correcting the offsets of what follows them.</summary>
sealed class SoftHyphenFilter(TextReader input) : BaseCharFilter(input)
{
    const char SoftHyphen = '\u00AD';
    int _handedOut;
    int _dropped;
    // A character at a time is read through the same reading, so that the dropping and the offsets' correction are written once.
    readonly char[] _one = new char[1];

    public override int Read(char[] buffer, int index, int count)
    {
        while (true)
        {
            var read = m_input.Read(buffer, index, count);
            if (read <= 0) return read;
            var chars = buffer.AsSpan(index, read);
            var first = chars.IndexOf(SoftHyphen);
            if (first < 0)
            {
                _handedOut += read;
                return read;
            }
            var kept = first;
            for (var i = first; i < read; i++)
            {
                if (chars[i] == SoftHyphen)
                {
                    _dropped++;
                    AddOffCorrectMap(_handedOut + kept, _dropped);
                }
                else chars[kept++] = chars[i];
            }
            _handedOut += kept;
            // A read of nothing but soft hyphens is not the end of the text: read on.
            if (kept > 0) return kept;
        }
    }

    public override int Read() => Read(_one, 0, 1) > 0 ? _one[0] : -1;
}
