namespace Recommender.Tests;

/// <summary>
/// Locates the real data sets in <c>../shared/data/</c> beside the repository. Tests that need them
/// call <see cref="Require"/>, which skips the test with a clear message where the data is absent.
/// </summary>
public static class SharedData
{
    public static readonly string? Root = FindRoot();

    /// <summary>The full path of <paramref name="relativePath"/> under shared/data, or a skip when it is missing.</summary>
    public static string Require(string relativePath)
    {
        var path = Root is null ? null : Path.Combine(Root, relativePath);
        Skip.If(path is null || !(File.Exists(path) || Directory.Exists(path)),
            $"needs ../shared/data/{relativePath}, which is not on this machine");
        return path!;
    }

    static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
