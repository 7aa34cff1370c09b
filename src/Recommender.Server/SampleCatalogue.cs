using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;

namespace Recommender.Server;

/// <summary>
/// The sample catalogue that ships with the server (`samples/catalogue.jsonl`), loaded into an empty data
/// folder when <c>Samples:LoadWhenEmpty</c> is on (the Development environment), so a first run answers at once.
/// </summary>
public static class SampleCatalogue
{
    public const string Site = "news.example.org";

    /// <summary>
    /// The sample site's secret key, known so that a first run can try the reader-data calls (README); only the
    /// Development environment loads the sample, and a real site gets a random one from its import.
    /// </summary>
    public const string DevelopmentSecret = "sample-secret-for-development-only";
    static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "samples", "catalogue.jsonl");

    /// <summary>The sample's articles as the index holds them (canonical URLs), for the demo site; empty without the file.</summary>
    public static IReadOnlyList<Article> Articles()
    {
        if (!File.Exists(FilePath)) return [];
        var articles = new List<Article>();
        foreach (var line in File.ReadLines(FilePath).Where(l => l.Length > 0))
        {
            if (JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options) is { } json && json.TryToArticle(Site, out var article, out _))
                articles.Add(article!);
        }
        return articles;
    }

    public static void LoadIfEmpty(WebApplication app, DataFolder data)
    {
        if (!app.Configuration.GetValue<bool>("Samples:LoadWhenEmpty") || !File.Exists(FilePath)) return;
        var index = app.Services.GetRequiredService<ArticleIndex>();
        if (index.WithSearcher(searcher => searcher.IndexReader.NumDocs) > 0) return;

        var report = new ArticleImporter(index).ImportJsonl(Site, File.ReadLines(FilePath));
        index.Commit();
        // Searchable before the first request, not at the next scheduled refresh.
        index.Refresh();
        SiteRegistrations.Register(data.Root, Site, report.Hosts, SiteSecret.Hash(DevelopmentSecret));
        // Read the registration now rather than when the file watcher notices it.
        ((IConfigurationRoot)app.Configuration).Reload();
        app.Logger.LogInformation("Loaded the sample catalogue: {Count} articles of site {Site}, whose secret key is {Secret}",
            report.Added, Site, DevelopmentSecret);
    }
}
