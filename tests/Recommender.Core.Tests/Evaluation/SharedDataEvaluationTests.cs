using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;
using Recommender.Tests;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>The relatedness goal of the defaults on real articles, short (MIND) and long (BBC): at least TF-IDF cosine.</summary>
public class SharedDataEvaluationTests
{
    [SkippableTheory]
    [InlineData("bbc-news.jsonl", 300)]
    [InlineData("mind-fragment/news.tsv", 600)]
    public void Related_articles_share_the_label_at_least_as_often_as_tf_idf_cosine(string data, int sample)
    {
        var path = SharedData.Require(data);
        var catalogue = LabelledCatalogue.Read(path, EvalWorkspace.Site, out var skipped, opaqueUrls: true);
        Assert.Equal(0, skipped);
        using var workspace = EvalWorkspace.Create(catalogue, new ProfileQueryOptions());

        var scores = RelatednessEvaluation.Run(workspace, k: 10, sample, seed: 1);

        var related = scores.Single(s => s.Strategy == RelatednessEvaluation.Related).Scores["P@10 label"];
        var cosine = scores.Single(s => s.Strategy == RelatednessEvaluation.Cosine).Scores["P@10 label"];
        Assert.True(related >= cosine, $"{data}: related {related:0.000} of the top 10 share the label, TF-IDF cosine {cosine:0.000}");
    }
}
