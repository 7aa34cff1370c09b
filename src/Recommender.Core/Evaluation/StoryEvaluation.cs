using System.Text;
using System.Text.RegularExpressions;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Stories;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Same-story decisions over all pairs of articles: a pair is right when the clustering puts two articles in one
/// story exactly when their labels are the same.
/// </summary>
public sealed record PairwiseScore(long BothSame, long PredictedSame, long LabelledSame)
{
    public double Precision => PredictedSame == 0 ? 0 : (double)BothSame / PredictedSame;
    public double Recall => LabelledSame == 0 ? 0 : (double)BothSame / LabelledSame;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static PairwiseScore Of(IReadOnlyList<string> labels, IReadOnlyList<string> predicted)
    {
        long both = 0, predictedSame = 0, labelledSame = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = i + 1; j < labels.Count; j++)
            {
                var sameLabel = labels[i] == labels[j];
                var samePrediction = predicted[i] == predicted[j];
                if (sameLabel) labelledSame++;
                if (samePrediction) predictedSame++;
                if (sameLabel && samePrediction) both++;
            }
        }
        return new PairwiseScore(both, predictedSame, labelledSame);
    }
}

/// <summary>Measures story clustering: articles arrive one by one in an index with the given options, as on a live site.</summary>
public static partial class StoryEvaluation
{
    public const string Site = "stories.example";

    /// <summary>
    /// WikiRef220 (one text file per article, story label = the file name before its number, first line = title).
    /// The set has no dates: every article gets the same one, so only the similarity thresholds are measured.
    /// In a seeded random order, since the arrival order changes what a story's first articles are.
    /// </summary>
    public static IReadOnlyList<LabelledArticle> LoadWikiRef(string directory, int seed = 1)
    {
        var published = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var articles = Directory.EnumerateFiles(directory, "*.txt").Order(StringComparer.Ordinal).Select(path =>
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var lines = ReadText(path).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var article = new Article
            {
                Site = Site,
                Url = $"https://{Site}/{Uri.EscapeDataString(name)}",
                Title = lines.FirstOrDefault() ?? "",
                Text = string.Join("\n\n", lines.Skip(1)),
                PubDate = published,
            };
            return new LabelledArticle(article, FileLabel().Match(name).Groups[1].Value, null, new HashSet<string>(), name);
        }).ToArray();
        new Random(seed).Shuffle(articles);
        return articles;
    }

    /// <summary>Clusters the articles in arrival order into a fresh index; returns each one's story.</summary>
    public static IReadOnlyList<string> Cluster(IReadOnlyList<LabelledArticle> articles, StoryOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "recommender-stories-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var index = ArticleIndex.Open(directory, new ArticleIndexOptions { Stories = options with { Enabled = true } });
            foreach (var labelled in articles)
            {
                index.Upsert(labelled.Article);
                // As on a live site, every article is searchable before the next one arrives.
                index.Refresh();
            }
            return [.. articles.Select(a => index.Get(a.Article.Site, a.Article.Url)?.Story ?? a.Article.Url)];
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    // The files are UTF-8 or Windows-1252; Latin-1 reads the latter's letters right, all but its typographic quotes.
    static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    // "premier.league.12" and "ParisAttacks2015 (3)" are labelled "premier.league" and "ParisAttacks2015".
    [GeneratedRegex(@"^(.*?)(?: \(\d+\)|\.\d+)?$")]
    private static partial Regex FileLabel();
}
