using System.Text.Json;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Stories;

namespace Recommender.Core.Importing;

/// <summary>Loads JSONL article records (one <see cref="ArticleJson"/> per line) into the index.</summary>
/// <param name="linesPerBatch">
/// How many lines are parsed, clustered into stories and written together: what an import holds in memory. A file of
/// 1,000,000 BBC-length articles read whole is ~2.3 GB of UTF-8, ~9 GB in memory as the lines and the articles (UTF-16).
/// </param>
/// <param name="writingThreads">How many threads write a batch's articles into the index (<see cref="WritingThreads"/>).</param>
public sealed class ArticleImporter(ArticleIndex index, int linesPerBatch = ArticleImporter.LinesPerBatch, int writingThreads = ArticleImporter.WritingThreads)
{
    /// <summary>
    /// The default <c>writingThreads</c>: Lucene's writer takes documents from several threads at once (a buffer each),
    /// and analysing and inverting an article is most of an import's CPU (0.28 CPU ms an article at 100k), so a second
    /// thread uses the second of the 2 cores the import was measured on (docs/BENCHMARKS.md, h-million3).
    /// </summary>
    public const int WritingThreads = 2;

    /// <summary>
    /// The default <c>linesPerBatch</c>: 10,000 BBC-length articles are ~100 MB in memory, lines and articles (50,000
    /// ran out of a 512 MB heap). Stories join articles at most <see cref="StoryOptions.MaxGap"/> (48 h) apart, so in
    /// a file in order of publication only the stories at a batch's edges are split.
    /// </summary>
    public const int LinesPerBatch = 10_000;

    /// <summary>
    /// <paramref name="options"/> for a process that opens the index only to import into it (<c>recommender import</c>,
    /// a generated catalogue): nothing searches it meanwhile, so it is refreshed after each batch of lines rather than
    /// every 250 ms, and committed every 10 minutes and at the end rather than every 5 s. Each refresh and commit flushes
    /// the writer's buffer into a new segment: at the serving intervals a bulk import made a segment of ~400 articles a
    /// second, up to 40 live segments that every article's URL lookup seeks and that merges rewrite again and again.
    /// </summary>
    public static ArticleIndexOptions ForImport(ArticleIndexOptions options) =>
        options with { RefreshInterval = TimeSpan.FromMinutes(10), CommitInterval = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// Imports every line; a bad line is reported with its number and reason and never stops the rest.
    /// <paramref name="onLine"/> is called after each line is parsed and embedded (its batch is written after), for progress.
    /// </summary>
    /// <remarks>
    /// When the index groups articles into stories, the articles of a batch of lines are clustered together
    /// (<see cref="StoryBatch"/>) before they are written: clustering each as it arrives would cost a search per
    /// article, several times the cost of writing it, and would miss the articles written within the last refresh.
    /// Batches are clustered apart, as two imports are: a story whose articles fall into two batches becomes two stories.
    /// </remarks>
    public ImportReport ImportJsonl(string site, IEnumerable<string> lines, Action? onLine = null)
    {
        var report = new ImportReport();
        var lineNumber = 0;
        foreach (var batch in lines.Chunk(linesPerBatch))
        {
            var articles = new List<Article?>(batch.Length);
            foreach (var line in batch)
            {
                lineNumber++;
                articles.Add(string.IsNullOrWhiteSpace(line) ? null : Parse(site, line, lineNumber, report));
            }
            Write(articles, report, onLine);
        }
        return report;
    }

    /// <summary>
    /// Imports articles made by the caller (a generated catalogue) by the same batches as <see cref="ImportJsonl"/>:
    /// clustered into stories per batch, embedded when the index embeds, written in order.
    /// </summary>
    public ImportReport Import(IEnumerable<Article> articles)
    {
        var report = new ImportReport();
        foreach (var batch in articles.Chunk(linesPerBatch)) Write([.. batch], report, onLine: null);
        return report;
    }

    /// <summary>One batch's articles (null for a line that gave none), clustered, embedded and written.</summary>
    /// <remarks>
    /// The batch is clustered into stories before anything is written, so the threads write story ids already given
    /// and the order in which they write articles of one story changes nothing. The articles are split among the threads
    /// by URL, so that a URL seen twice in the batch is written twice by one thread, in the order of the lines.
    /// </remarks>
    void Write(List<Article?> articles, ImportReport report, Action? onLine)
    {
        // In the language the index analyses them in, so that their story signatures are computed alike.
        var parsed = articles.OfType<Article>().Select(index.InSiteLanguage).ToList();
        var clustered = index.Stories is { } stories ? new Queue<(Article Article, StorySignature Signature)>(StoryBatch.Cluster(parsed, stories)) : null;
        // Embedded in the site's language too: whether the model speaks it decides which articles the batch embeds, and
        // an article left out here would be embedded on its own when indexed.
        var inLanguage = new Queue<Article>(parsed);
        var writes = new List<(Article Article, StorySignature? Signature)?>(articles.Count);
        foreach (var batch in articles.Chunk(EmbeddingBatch))
        {
            List<Article> batchArticles = [.. batch.OfType<Article>().Select(_ => inLanguage.Dequeue())];
            var embedded = new Queue<Article>(index.Embedder?.WithVectors(batchArticles) ?? batchArticles);
            foreach (var line in batch)
            {
                if (line is null) writes.Add(null);
                else
                {
                    var article = embedded.Dequeue();
                    writes.Add(clustered is not null && clustered.TryDequeue(out var next)
                        ? (next.Article with { Vector = article.Vector }, next.Signature)
                        : (article, null));
                }
                // Counted as embedded, not as written: with the model on (6.4 articles/s) a batch of 10,000 lines embeds
                // for ~26 minutes, then is written in seconds, so progress counted at the writing would stand still.
                onLine?.Invoke();
            }
        }

        var outcomes = new UpsertOutcome[writes.Count];
        Parallel.For(0, writingThreads, new ParallelOptions { MaxDegreeOfParallelism = writingThreads }, thread =>
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (writes[i] is not var (article, signature) || (StringComparer.Ordinal.GetHashCode(article.Url) & int.MaxValue) % writingThreads != thread) continue;
                outcomes[i] = signature is null ? index.Upsert(article) : index.Upsert(article, signature);
            }
        });
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i] is var (article, _)) report.Count(outcomes[i], new Uri(article.Url).Host);
        }
        // So that the next batch finds this one's URLs in the index, not among the writes since the last refresh (an
        // entry each): an index opened for an import (ForImport) refreshes on its own only every 10 minutes.
        index.Refresh();
    }

    /// <summary>
    /// Articles embedded at once when the index embeds (<see cref="ArticleIndexOptions.Embedder"/>): the model pads a
    /// batch to its longest text, and batches of similar length keep that waste small (docs/BENCHMARKS.md, "Import with
    /// embeddings").
    /// </summary>
    public const int EmbeddingBatch = 64;

    static Article? Parse(string site, string line, int lineNumber, ImportReport report)
    {
        ArticleJson? json;
        try
        {
            json = JsonSerializer.Deserialize<ArticleJson>(line, ArticleJson.Options);
        }
        catch (JsonException e)
        {
            report.Fail(lineNumber, $"not a JSON article: {e.Message}");
            return null;
        }

        if (json is null)
        {
            report.Fail(lineNumber, "not a JSON article: null");
            return null;
        }
        if (!json.TryToArticle(site, out var article, out var error))
        {
            report.Fail(lineNumber, error!);
            return null;
        }
        return article;
    }
}

/// <summary>What an import did: counts, the hosts it saw, and every failed line with its reason.</summary>
public sealed class ImportReport
{
    readonly List<ImportFailure> failures = [];
    readonly HashSet<string> hosts = new(StringComparer.OrdinalIgnoreCase);

    public int Added { get; private set; }
    public int Updated { get; private set; }
    public IReadOnlyList<ImportFailure> Failures => failures;
    public IReadOnlyCollection<string> Hosts => hosts;

    public void Count(UpsertOutcome outcome, string host)
    {
        if (outcome == UpsertOutcome.Added) Added++; else Updated++;
        hosts.Add(host);
    }

    public void Fail(int line, string reason) => failures.Add(new ImportFailure(line, reason));
}

public sealed record ImportFailure(int Line, string Reason);
