using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Semantic;

namespace Recommender.Bench;

/// <summary>
/// A catalogue of any size made deterministically from the real BBC News set: each article takes the section and
/// most paragraphs of a random BBC article and mixes in sentences of other articles of that section, with its own
/// URL, a publication time in the 60 days before the build day, tags and an author from pools of its section.
/// </summary>
public static partial class SyntheticCatalogue
{
    public const string Site = "bench.example";
    const int Seed = 20_04;
    const int TagsPerSection = 40;
    const int AuthorsPerSection = 12;
    const string DoneFile = "catalogue.done";

    sealed record Source(string Title, string Section, string[] Paragraphs);

    /// <summary>
    /// A data folder (with <c>index/</c>) for one run over a catalogue of <paramref name="size"/> articles under
    /// <paramref name="workDirectory"/>: a fresh copy of the catalogue, built now unless an earlier run finished building it.
    /// </summary>
    /// <remarks>
    /// A run writes to its index (the publishing row adds and deletes articles), which left the built index in two
    /// segments and made the next run merge all of it again (61–102 s at 1M). The run's copy is made of hard links,
    /// so it costs no disk and shares the page cache with the catalogue; Lucene writes a new file for every change and
    /// deletes what it no longer needs, so the run's writes never touch the catalogue's files.
    /// </remarks>
    public static string Ensure(string workDirectory, int size, string bbcPath)
    {
        var built = Built(workDirectory, size, bbcPath);
        var run = Path.Combine(workDirectory, $"run-{size}");
        if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        CopyIndex(Path.Combine(built, "index"), Path.Combine(run, "index"));
        Console.WriteLine($"catalogue of {size} articles: this run works on a copy in {run}");
        return run;
    }

    static string Built(string workDirectory, int size, string bbcPath)
    {
        var dataDirectory = Path.Combine(workDirectory, $"catalogue-{size}");
        if (File.Exists(Path.Combine(dataDirectory, DoneFile)))
        {
            Console.WriteLine($"catalogue of {size} articles: reusing {dataDirectory}");
            // Catalogues that runs wrote to before they worked on copies are merged once more.
            Merge(dataDirectory);
            return dataDirectory;
        }
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);

        var stopwatch = Stopwatch.StartNew();
        var anchor = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        using (var index = ArticleIndex.Open(Path.Combine(dataDirectory, "index"), ArticleImporter.ForImport(new ArticleIndexOptions())))
        {
            // In batches clustered into stories in memory, as `recommender import` does: an Upsert per article would
            // search for its story first, which built 100,000 articles in 3,272 s on a loaded machine.
            new ArticleImporter(index).Import(Generate(ReadSources(bbcPath), size, anchor));
            index.Commit();
        }
        Merge(dataDirectory);
        File.WriteAllText(Path.Combine(dataDirectory, DoneFile), $"{size} articles, published up to {anchor:yyyy-MM-dd}\n");
        Console.WriteLine($"catalogue of {size} articles: built in {stopwatch.Elapsed.TotalSeconds:F0} s into {dataDirectory}");
        return dataDirectory;
    }

    /// <summary>
    /// Makes <paramref name="copy"/> (a new folder) a copy of the Lucene index in <paramref name="source"/>: the commit files
    /// (<c>segments*</c>, which are small) copied, the segments' files hard-linked. Lock files are left out.
    /// </summary>
    public static void CopyIndex(string source, string copy)
    {
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".lock", StringComparison.Ordinal)) continue;
            var target = Path.Combine(copy, name);
            if (name.StartsWith("segments", StringComparison.Ordinal)) File.Copy(file, target);
            else if (Link(file, target) != 0) throw new IOException($"Could not link {target} to {file}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    static extern int Link(string existing, string created);

    /// <summary>
    /// Merges the bulk-built index into one segment, as a publisher's server would after its first import: searches
    /// and term lookups pay per segment, and a bulk import leaves tens of them. Nothing to do when already merged.
    /// </summary>
    static void Merge(string dataDirectory)
    {
        var stopwatch = Stopwatch.StartNew();
        using var index = ArticleIndex.Open(Path.Combine(dataDirectory, "index"));
        index.ForceMerge(1);
        Console.WriteLine($"merged into one segment in {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    static IEnumerable<Article> Generate(IReadOnlyList<Source> sources, int size, DateTimeOffset anchor)
    {
        var random = new Random(Seed);
        var vectors = new SyntheticVectors(Seed, sources.Select(s => s.Section).Distinct());
        var sentencesOf = sources.GroupBy(s => s.Section).ToDictionary(
            g => g.Key, g => g.SelectMany(s => s.Paragraphs).SelectMany(p => SentenceEnd().Split(p)).Where(s => s.Length > 20).ToArray());
        for (var i = 0; i < size; i++)
        {
            var source = sources[random.Next(sources.Count)];
            var sentences = sentencesOf[source.Section];
            var paragraphs = new List<string>();
            foreach (var paragraph in source.Paragraphs)
            {
                if (paragraphs.Count > 0 && random.NextDouble() < 0.3) continue;
                paragraphs.Add(paragraph);
                if (random.NextDouble() < 0.4)
                    paragraphs.Add(string.Join(" ", Enumerable.Range(0, random.Next(2, 5)).Select(_ => sentences[random.Next(sentences.Length)])));
            }
            yield return new Article
            {
                Site = Site,
                Url = $"https://{Site}/{source.Section}/{i:D6}",
                Title = source.Title,
                Section = source.Section,
                Authors = [$"{source.Section} writer {random.Next(AuthorsPerSection) + 1}"],
                Tags = [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"{source.Section} topic {random.Next(TagsPerSection) + 1}").Distinct()],
                PubDate = anchor - TimeSpan.FromMinutes(random.Next(60 * 24 * 60)),
                Description = SentenceEnd().Split(paragraphs[0])[0],
                Text = string.Join("\n\n", paragraphs),
                Vector = vectors.Next(source.Section),
            };
        }
    }

    /// <summary>
    /// Stand-ins for the model's vectors (embedding 100k articles would take hours on 2 cores): its section's direction
    /// plus as much noise, unit length, quantised as the index stores them. What /related pays for the semantic layer,
    /// a vector read and a cosine per candidate, does not depend on the values; what the vectors are worth is measured
    /// on real embeddings by <c>recommender eval related</c>.
    /// </summary>
    sealed class SyntheticVectors(int seed, IEnumerable<string> sections)
    {
        readonly Random _random = new(seed);
        readonly Dictionary<string, float[]> _directions = sections.Order(StringComparer.Ordinal)
            .Select((section, i) => (section, Direction: Unit(Gaussian(new Random(seed + 1 + i))))).ToDictionary(s => s.section, s => s.Direction);

        public ArticleVector Next(string section) =>
            ArticleVector.Quantise(Unit([.. _directions[section].Zip(Unit(Gaussian(_random)), (d, n) => d + n)]));

        static float[] Gaussian(Random random) =>
            [.. Enumerable.Range(0, MiniLmEmbedder.Dimensions).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];

        static float[] Unit(float[] values)
        {
            var norm = MathF.Sqrt(values.Sum(v => v * v));
            return [.. values.Select(v => v / norm)];
        }
    }

    static List<Source> ReadSources(string bbcPath) =>
        File.ReadLines(bbcPath).Where(line => !string.IsNullOrWhiteSpace(line)).Select(line =>
        {
            var json = JsonDocument.Parse(line).RootElement;
            var text = json.GetProperty("full_content").GetString() ?? "";
            return new Source(json.GetProperty("title").GetString() ?? "", json.GetProperty("section").GetString() ?? "",
                text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }).Where(s => s.Paragraphs.Length > 0).ToList();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
