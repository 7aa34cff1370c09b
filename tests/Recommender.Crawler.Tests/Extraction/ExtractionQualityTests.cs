using Recommender.Crawler.Evaluation;
using Recommender.Tests;

namespace Recommender.Crawler.Tests.Extraction;

/// <summary>A regression guard on real pages: a spread sample of Trafilatura's evaluation set, scored as the eval command scores it.</summary>
public class ExtractionQualityTests
{
    const int SamplePages = 120;

    [SkippableFact]
    public void BodyAndDateQualityStayAboveTheirFloors()
    {
        var directory = SharedData.Require("extraction/trafilatura-eval/tests");
        var names = EvalData.PageNames(directory, EvalDataKind.Trafilatura);
        var sample = Enumerable.Range(0, SamplePages).Select(i => names[i * names.Count / SamplePages]);

        var score = ExtractionEvaluation.Run(EvalData.Load(directory, EvalDataKind.Trafilatura, sample), [Extractor.Recommender])[0].Score;

        // Floors a little below what this sample measured: F-score 0.943, date right (the page's own day) 85.1 %
        // (recommender eval extraction ... --limit 120 --extractor recommender).
        Assert.True(score.FScore >= FScoreFloor, $"body F-score {score.FScore:0.000} fell below {FScoreFloor}");
        Assert.True(score.DateShare >= DateFloor, $"date share {score.DateShare:0.000} fell below {DateFloor}");
    }

    const double FScoreFloor = 0.92;
    const double DateFloor = 0.82;
}
