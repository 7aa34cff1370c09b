using Lucene.Net.Index;
using Recommender.Core.Indexing;
using Recommender.Core.Semantic;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Exact nearest neighbours by the articles' stored vectors, every article compared with every other: the
/// semantic side alone, as the evaluation scores it. Too costly for a request (a catalogue's worth of cosines).
/// </summary>
/// <remarks>
/// Keyed by URL and holding no reader: the searcher it was read from is released (and may be closed by a refresh
/// after a background merge) before the neighbours are asked for, and a merge can renumber the documents. Kept as
/// document numbers with the reader, it read a closed reader (an ObjectDisposedException in a long `eval related`).
/// </remarks>
public sealed class SemanticNeighbours
{
    readonly string[] _urls;
    readonly Dictionary<string, int> _rowOf;
    readonly StoredVectors _vectors;

    SemanticNeighbours(string[] urls, StoredVectors vectors)
    {
        _urls = urls;
        _rowOf = urls.Select((url, row) => (url, row)).ToDictionary(u => u.url, u => u.row);
        _vectors = vectors;
    }

    /// <summary>The URLs and vectors of every live document of <paramref name="reader"/>.</summary>
    public static SemanticNeighbours Of(IndexReader reader)
    {
        var live = MultiFields.GetLiveDocs(reader);
        var docs = Enumerable.Range(0, reader.MaxDoc).Where(doc => live is null || live.Get(doc)).ToList();
        var urlField = new HashSet<string> { ArticleFields.Url };
        var urls = docs.Select(doc => reader.Document(doc, urlField).Get(ArticleFields.Url)).ToArray();
        return new SemanticNeighbours(urls, StoredVectors.Read(reader, docs));
    }

    /// <summary>The URLs of the <paramref name="k"/> articles whose vectors are closest to <paramref name="url"/>'s, closest first; none when it has no vector.</summary>
    public IReadOnlyList<string> Nearest(string url, int k)
    {
        if (!_rowOf.TryGetValue(url, out var own) || !_vectors.Has(own)) return [];
        var cosines = _vectors.Cosines(_vectors[own]);
        return [.. Enumerable.Range(0, _urls.Length).Where(i => i != own && _vectors.Has(i)).OrderByDescending(i => cosines[i]).Take(k).Select(i => _urls[i])];
    }
}
