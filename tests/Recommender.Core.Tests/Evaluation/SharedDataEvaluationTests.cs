using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;
using Recommender.Tests;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>
/// The relatedness of the defaults on real articles, short (MIND) and long (BBC), labels withheld, against scikit-learn's
/// TF-IDF cosine: above it on MIND; on BBC lexical scoring alone is still below it (0.907 against 0.923 on all
/// articles, docs/EVALUATION.md), and must not fall further.
/// </summary>
public class SharedDataEvaluationTests
{
    [SkippableTheory]
    [InlineData("bbc-news.jsonl", 300, 0.025)]
    [InlineData("mind-fragment/news.tsv", 600, 0.0)]
    public void Related_articles_share_the_label_about_as_often_as_tf_idf_cosine_or_more(string data, int sample, double shortfallAllowed)
    {
        var path = SharedData.Require(data);
        var catalogue = LabelledCatalogue.Read(path, EvalWorkspace.Site, out var skipped, opaqueUrls: true);
        Assert.Equal(0, skipped);
        using var workspace = EvalWorkspace.Create(catalogue, new ProfileQueryOptions());

        var scores = RelatednessEvaluation.Run(workspace, k: 10, sample, seed: 1);

        var related = scores.Single(s => s.Strategy == RelatednessEvaluation.Related).Scores["P@10 label"];
        var cosine = scores.Single(s => s.Strategy == RelatednessEvaluation.Cosine).Scores["P@10 label"];
        Assert.True(related >= cosine - shortfallAllowed, $"{data}: related {related:0.000} of the top 10 share the label, TF-IDF cosine {cosine:0.000}");
    }
}
