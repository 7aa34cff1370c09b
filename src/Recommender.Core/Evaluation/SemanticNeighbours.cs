using Lucene.Net.Index;
using Recommender.Core.Semantic;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Exact nearest neighbours by the articles' stored vectors, every article compared with every other: the
/// semantic side alone, as the evaluation scores it. Too costly for a request (a catalogue's worth of cosines).
/// </summary>
public sealed class SemanticNeighbours
{
    readonly IndexReader _reader;
    readonly List<int> _docs;
    readonly StoredVectors _vectors;

    SemanticNeighbours(IndexReader reader, List<int> docs, StoredVectors vectors)
    {
        _reader = reader;
        _docs = docs;
        _vectors = vectors;
    }

    /// <summary>The vectors of every live document of <paramref name="reader"/>.</summary>
    public static SemanticNeighbours Of(IndexReader reader)
    {
        var live = MultiFields.GetLiveDocs(reader);
        var docs = Enumerable.Range(0, reader.MaxDoc).Where(doc => live is null || live.Get(doc)).ToList();
        return new SemanticNeighbours(reader, docs, StoredVectors.Read(reader, docs));
    }

    /// <summary>The <paramref name="k"/> documents whose vectors are closest to <paramref name="doc"/>'s, closest first; none when it has no vector.</summary>
    public IReadOnlyList<int> Nearest(int doc, int k)
    {
        using var own = StoredVectors.Read(_reader, [doc]);
        if (!own.Has(0)) return [];
        var cosines = _vectors.Cosines(own[0]);
        return [.. Enumerable.Range(0, _docs.Count).Where(i => _docs[i] != doc && _vectors.Has(i)).OrderByDescending(i => cosines[i]).Take(k).Select(i => _docs[i])];
    }
}
