using Lucene.Net.Index;
using Recommender.Core.Indexing;
using Recommender.Core.Semantic;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Exact nearest neighbours by the articles' stored vectors, every article compared with every other: the
/// semantic side alone, as the evaluation scores it. Too costly for a request (a catalogue's worth of cosines).
/// </summary>
public sealed class SemanticNeighbours
{
    readonly IndexReader _reader;
    readonly List<(int Doc, ArticleVector Vector)> _vectors;

    SemanticNeighbours(IndexReader reader, List<(int, ArticleVector)> vectors)
    {
        _reader = reader;
        _vectors = vectors;
    }

    /// <summary>The vectors of every live document of <paramref name="reader"/> that has one.</summary>
    public static SemanticNeighbours Of(IndexReader reader)
    {
        var live = MultiFields.GetLiveDocs(reader);
        var vectors = new List<(int, ArticleVector)>();
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live is not null && !live.Get(doc)) continue;
            if (ArticleDocuments.VectorOf(reader, doc) is { } vector) vectors.Add((doc, vector));
        }
        return new SemanticNeighbours(reader, vectors);
    }

    /// <summary>The <paramref name="k"/> documents whose vectors are closest to <paramref name="doc"/>'s, closest first; none when it has no vector.</summary>
    public IReadOnlyList<int> Nearest(int doc, int k)
    {
        if (ArticleDocuments.VectorOf(_reader, doc) is not { } vector) return [];
        var own = vector.ToFloats();
        return [.. _vectors.Where(v => v.Doc != doc).OrderByDescending(v => v.Vector.Cosine(own)).Take(k).Select(v => v.Doc)];
    }
}
