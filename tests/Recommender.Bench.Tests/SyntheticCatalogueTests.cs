using System.Security.Cryptography;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;

namespace Recommender.Bench.Tests;

public sealed class SyntheticCatalogueTests : IDisposable
{
    const string Site = "news.example";
    readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogue-copy-");

    public void Dispose() => _directory.Delete(recursive: true);

    static Article NewArticle(string path) => new()
    {
        Site = Site,
        Url = $"https://{Site}/{path}",
        Title = $"Title of {path}",
        Text = $"The body of {path}.",
    };

    [Fact]
    public void Writing_to_a_copy_of_an_index_leaves_the_original_index_and_its_files_as_they_were()
    {
        var original = Path.Combine(_directory.FullName, "original");
        using (var index = ArticleIndex.Open(original))
        {
            foreach (var path in new[] { "a", "b", "c" }) index.Upsert(NewArticle(path));
            index.Commit();
        }
        var files = Contents(original);
        var copy = Path.Combine(_directory.FullName, "copy");

        SyntheticCatalogue.CopyIndex(original, copy);
        using (var index = ArticleIndex.Open(copy))
        {
            index.Upsert(NewArticle("d"));
            index.Delete(Site, $"https://{Site}/a");
            index.ForceMerge(1);
            Assert.Equal(3, index.ArticleCount);
            Assert.True(index.Contains(Site, $"https://{Site}/d"));
        }

        Assert.Equal(files, Contents(original));
        using (var index = ArticleIndex.Open(original))
        {
            Assert.Equal(3, index.ArticleCount);
            Assert.True(index.Contains(Site, $"https://{Site}/a"));
            Assert.False(index.Contains(Site, $"https://{Site}/d"));
        }
    }

    /// <summary>Each file's name and the hash of its bytes, lock files left out.</summary>
    static SortedDictionary<string, string> Contents(string directory) =>
        new(Directory.EnumerateFiles(directory).Where(file => !file.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetFileName(file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))), StringComparer.Ordinal);
}
