using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;

namespace Recommender.Core.Indexing;

/// <summary>
/// A <see cref="StringField"/> (one term, the whole value) whose token is given in this thread's one reused stream, as
/// <see cref="AnalysedField"/> gives a text's tokens: a <see cref="StringField"/> makes a new stream for each document,
/// and Lucene.Net's attribute factory takes one process-wide lock for each attribute it makes. With two threads writing,
/// waiting on that lock was 6.5 % of a 100k import's CPU (docs/BENCHMARKS.md, h-million4).
/// </summary>
sealed class KeywordField(string name, string value, Field.Store store)
    : Field(name, value, store == Field.Store.YES ? StringField.TYPE_STORED : StringField.TYPE_NOT_STORED)
{
    [ThreadStatic] static Keyword? _keyword;

    // The index asks a field for its stream just before it consumes it, and consumes it whole before it asks the next
    // field, on the same thread, so one stream a thread serves every keyword field of every document.
    public override TokenStream GetTokenStream(Analyzer analyzer) => (_keyword ??= new Keyword()).Start(GetStringValue());

    /// <summary>The one token <see cref="StringField"/>'s own stream gives: the value, at offsets 0 to its length.</summary>
    sealed class Keyword : TokenStream
    {
        readonly ICharTermAttribute _term;
        readonly IOffsetAttribute _offset;
        string _value = "";
        bool _given;

        public Keyword()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public Keyword Start(string value)
        {
            _value = value;
            _given = false;
            return this;
        }

        public override void Reset()
        {
            base.Reset();
            _given = false;
        }

        public override bool IncrementToken()
        {
            if (_given) return false;
            ClearAttributes();
            _term.Append(_value);
            _offset.SetOffset(0, _value.Length);
            _given = true;
            return true;
        }

        public override void End()
        {
            base.End();
            _offset.SetOffset(_value.Length, _value.Length);
        }
    }
}
