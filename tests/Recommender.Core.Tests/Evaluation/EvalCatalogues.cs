using Recommender.Core.Articles;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>Small labelled catalogues of made-up articles, whose words tell their label.</summary>
static class EvalCatalogues
{
    static readonly Dictionary<string, string[]> Vocabulary = new()
    {
        ["sport"] = ["football", "goal", "striker", "league", "match", "coach", "stadium", "referee", "penalty", "season"],
        ["business"] = ["profit", "shares", "market", "investor", "revenue", "bank", "merger", "economy", "quarter", "dividend"],
        ["tech"] = ["software", "chip", "internet", "smartphone", "broadband", "computer", "network", "server", "gadget", "code"],
        ["politics"] = ["election", "minister", "parliament", "vote", "party", "campaign", "policy", "government", "senate", "ballot"],
    };

    /// <summary><paramref name="perLabel"/> articles of each of four labels, each made of ten words of its label's vocabulary.</summary>
    public static List<LabelledArticle> Labelled(int perLabel, int seed = 3)
    {
        var random = new Random(seed);
        var articles = new List<LabelledArticle>();
        foreach (var (label, words) in Vocabulary)
        {
            for (var i = 0; i < perLabel; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]));
                var url = $"https://news.example/{label}/{i}";
                var article = new Article { Site = EvalWorkspace.Site, Url = url, Title = $"{words[i % words.Length]} {words[(i + 3) % words.Length]}", Text = text };
                articles.Add(new LabelledArticle(article, label, null, new HashSet<string>(), url));
            }
        }
        return articles;
    }
}
