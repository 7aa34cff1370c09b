using Recommender.Core.Evaluation;
using Recommender.Core.Indexing;
using Recommender.Core.Tests.Indexing;
using static Recommender.Core.Tests.Semantic.ReaderVectorTests;

namespace Recommender.Core.Tests.Evaluation;

public sealed class SemanticNeighboursTests : IDisposable
{
    readonly TempIndexDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Neighbours_are_answered_by_url_after_the_reader_they_were_read_from_is_closed_and_the_documents_renumbered()
    {
        using var index = ArticleIndex.Open(_dir.Path);
        (string Path, float[]? Direction)[] articles =
            [("gone", [0, 1, 0]), ("page", [1, 0, 0]), ("none", null), ("near", [1, 0.2f, 0]), ("far", [1, 2, 0]), ("away", [0, 0, 1])];
        foreach (var (path, direction) in articles)
        {
            index.Upsert(Article(path, direction));
            index.Refresh();
        }
        var neighbours = index.WithSearcher(searcher => SemanticNeighbours.Of(searcher.IndexReader));

        // The first document deleted and the segments merged: the reader above is closed, and every document after
        // "gone" has a new number.
        index.Delete(Site, Url("gone"));
        index.ForceMerge(1);
        index.Refresh();

        Assert.Equal([Url("near"), Url("far"), Url("gone")], neighbours.Nearest(Url("page"), 3));
        Assert.Equal([Url("far"), Url("gone"), Url("near"), Url("page")], neighbours.Nearest(Url("away"), 4).OrderBy(url => url, StringComparer.Ordinal).ToList());
        Assert.Empty(neighbours.Nearest(Url("none"), 3));
        Assert.Empty(neighbours.Nearest(Url("unknown"), 3));
    }

    static string Url(string path) => $"https://{Site}/{path}";
}
