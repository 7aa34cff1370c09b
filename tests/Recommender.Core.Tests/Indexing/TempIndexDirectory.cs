namespace Recommender.Core.Tests.Indexing;

/// <summary>A fresh directory for one test's index, deleted afterwards.</summary>
sealed class TempIndexDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recommender-index-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
