using System.Diagnostics;
using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Evaluation;

/// <summary>One extractor's result over a collection.</summary>
public sealed record ExtractorResult(string Extractor, ExtractionScore Score, double Seconds);

/// <summary>Runs extractors over the pages of an annotated collection and scores them.</summary>
public static class ExtractionEvaluation
{
    /// <param name="onPage">Called after each page, for progress.</param>
    public static IReadOnlyList<ExtractorResult> Run(IEnumerable<EvalPage> pages, IReadOnlyList<Extractor> extractors, Action? onPage = null)
    {
        var scores = extractors.Select(_ => new ExtractionScore()).ToArray();
        var watches = extractors.Select(_ => new Stopwatch()).ToArray();
        foreach (var page in pages)
        {
            var html = HtmlDecoding.Decode(page.Html);
            for (var i = 0; i < extractors.Count; i++)
            {
                watches[i].Start();
                var extracted = ExtractOrEmpty(extractors[i], html, page.Url);
                watches[i].Stop();
                scores[i].Add(page, extracted);
            }
            onPage?.Invoke();
        }
        return [.. extractors.Select((e, i) => new ExtractorResult(e.Name, scores[i], watches[i].Elapsed.TotalSeconds))];
    }

    /// <summary>As in Trafilatura's evaluation, an extractor that crashes on a page scores as if it found nothing.</summary>
    static ExtractedPage ExtractOrEmpty(Extractor extractor, string html, Uri url)
    {
        try
        {
            return extractor.Extract(html, url);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new ExtractedPage();
        }
    }
}
