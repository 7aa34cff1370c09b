using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// A text field analysed once: its terms counted (for <see cref="ArticleTerms"/>) and its tokens kept, so that the index
/// is given them again (<see cref="Replay"/>) rather than analysing the text a second time. Analysing (tokenising,
/// stop words, Porter stemming) was done twice per article, once for the index and once for the terms doc values.
/// </summary>
/// <remarks>
/// What the index takes of a token of a text field (docs, frequencies and positions, no offsets, no payloads): its term
/// and position increment, and at the end the final position increment and offset (which move the next value's
/// positions of a field given twice, as the body's field is). Offsets are kept too, so that the stream is the
/// analyzer's in all the index could read. The language analyzers of <see cref="ArticleAnalyzers"/> set no payloads.
/// </remarks>
sealed class AnalysedText
{
    // Sized from the text (an English term is no longer than its word, and a word with its space and the stop words
    // dropped around it takes more than 8 characters), grown when that is not enough.
    char[] _chars;
    int _charCount;
    int[] _ends;
    int[] _increments;
    int[] _startOffsets;
    int[] _endOffsets;
    int _tokens;
    int _finalIncrement;
    int _finalOffset;

    AnalysedText(int length)
    {
        _chars = new char[Math.Max(length, 16)];
        var tokens = length / 8 + 4;
        (_ends, _increments, _startOffsets, _endOffsets) = (new int[tokens], new int[tokens], new int[tokens], new int[tokens]);
    }

    /// <summary>
    /// <paramref name="text"/> analysed by <paramref name="analyzer"/> as the index analyses <paramref name="field"/>,
    /// each of its terms counted into <paramref name="counts"/>.
    /// </summary>
    public static AnalysedText Of(Analyzer analyzer, string field, string text, Dictionary<BytesRef, int> counts)
    {
        var analysed = new AnalysedText(text.Length);
        using var tokens = analyzer.GetTokenStream(field, text);
        var term = tokens.AddAttribute<ICharTermAttribute>();
        var bytes = tokens.AddAttribute<ITermToBytesRefAttribute>();
        var increment = tokens.AddAttribute<IPositionIncrementAttribute>();
        var offset = tokens.AddAttribute<IOffsetAttribute>();
        tokens.Reset();
        while (tokens.IncrementToken())
        {
            analysed.Add(term, increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
            bytes.FillBytesRef();
            if (counts.TryGetValue(bytes.BytesRef, out var count)) counts[bytes.BytesRef] = count + 1;
            else counts.Add(BytesRef.DeepCopyOf(bytes.BytesRef), 1);
        }
        tokens.End();
        analysed._finalIncrement = increment.PositionIncrement;
        analysed._finalOffset = offset.EndOffset;
        return analysed;
    }

    void Add(ICharTermAttribute term, int increment, int startOffset, int endOffset)
    {
        if (_charCount + term.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + term.Length));
        Array.Copy(term.Buffer, 0, _chars, _charCount, term.Length);
        _charCount += term.Length;
        if (_tokens == _ends.Length)
        {
            Array.Resize(ref _ends, _tokens * 2);
            Array.Resize(ref _increments, _tokens * 2);
            Array.Resize(ref _startOffsets, _tokens * 2);
            Array.Resize(ref _endOffsets, _tokens * 2);
        }
        _ends[_tokens] = _charCount;
        _increments[_tokens] = increment;
        _startOffsets[_tokens] = startOffset;
        _endOffsets[_tokens] = endOffset;
        _tokens++;
    }

    [ThreadStatic] static Replayed? _replayed;

    /// <summary>
    /// The tokens as the analyzer gave them, in this thread's one replaying stream, as the index asks an
    /// <see cref="AnalysedField"/> for them: it asks a field for its stream just before it consumes it, and consumes it
    /// whole before it asks the next field, on the same thread (as Lucene's analyzers reuse their streams per thread). A new
    /// stream each field cost 12 % of an import: Lucene.Net's attribute factory takes a lock for each attribute it makes,
    /// and clearing the attributes first builds each new stream's state.
    /// </summary>
    public TokenStream Replay() => (_replayed ??= new Replayed()).Start(this);

    sealed class Replayed : TokenStream
    {
        AnalysedText _text = null!;
        readonly ICharTermAttribute _term;
        readonly IPositionIncrementAttribute _increment;
        readonly IOffsetAttribute _offset;
        int _next;

        public Replayed()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public Replayed Start(AnalysedText text)
        {
            _text = text;
            _next = 0;
            return this;
        }

        public override void Reset()
        {
            base.Reset();
            _next = 0;
        }

        public override bool IncrementToken()
        {
            if (_next == _text._tokens) return false;
            ClearAttributes();
            var start = _next == 0 ? 0 : _text._ends[_next - 1];
            _term.CopyBuffer(_text._chars, start, _text._ends[_next] - start);
            _increment.PositionIncrement = _text._increments[_next];
            _offset.SetOffset(_text._startOffsets[_next], _text._endOffsets[_next]);
            _next++;
            return true;
        }

        public override void End()
        {
            base.End();
            _increment.PositionIncrement = _text._finalIncrement;
            _offset.SetOffset(_text._finalOffset, _text._finalOffset);
        }
    }
}

/// <summary>A text field indexed with the tokens of its one analysis (<see cref="AnalysedText"/>) rather than analysed by the index.</summary>
sealed class AnalysedField(string name, string value, FieldType type, AnalysedText analysed) : Field(name, value, type)
{
    public override TokenStream GetTokenStream(Analyzer analyzer) => analysed.Replay();
}
