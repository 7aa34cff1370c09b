using Recommender.Core.Articles;

namespace Recommender.Core.Stories;

/// <summary>
/// Clusters a batch of articles (a bulk import) in memory by the same rule as <see cref="StoryClusterer"/>, without a
/// search per article: the articles arrive in order of publication (in their given order where dates are equal) and
/// each is compared with the earlier ones it shares signature terms with, through an inverted list of them.
/// Articles already in the index are not compared.
/// </summary>
public static class StoryBatch
{
    // A term that the batch's recent articles share by the hundred says little of which story an article is in;
    // comparing only through its newest ones keeps a batch's work linear in its size.
    const int ArticlesPerTerm = 100;

    /// <summary>Each article with its story set, and its signature, in the given order.</summary>
    public static List<(Article Article, StorySignature Signature)> Cluster(IReadOnlyList<Article> articles, StoryOptions options)
    {
        // Undated articles are stories of their own (see StoryOptions.MaxGap) and are neither counted nor compared.
        var vocabulary = new Vocabulary();
        var counts = articles.Select(a => a.PubDate is null ? [] : vocabulary.Count(StorySignature.TermCounts(a))).ToList();
        // As an arriving article sees them, the document frequencies are the other articles'.
        var dated = articles.Count(a => a.PubDate is not null);
        var signatures = counts.Select(c => c.Length == 0 ? StorySignature.None : StorySignature.Of(
            c.ToDictionary(t => vocabulary.Terms[t.Term], t => (double)t.Count), term => vocabulary.DocFreq(term) - 1, dated - 1, options.SignatureTerms)).ToList();

        var stories = new string[articles.Count];
        var earlierWith = new Dictionary<string, List<int>>();
        var storyArticles = new Dictionary<string, List<int>>();
        foreach (var i in Enumerable.Range(0, articles.Count).OrderBy(i => articles[i].PubDate ?? DateTimeOffset.MinValue))
        {
            if (articles[i].PubDate is null)
            {
                stories[i] = articles[i].Url;
                continue;
            }
            var similarities = new Dictionary<int, double>();
            foreach (var (term, weight) in signatures[i].Weights)
            {
                foreach (var j in Recent(earlierWith.GetValueOrDefault(term) ?? [], articles[i], articles, options).Take(ArticlesPerTerm))
                    similarities[j] = similarities.GetValueOrDefault(j) + weight * signatures[j].Weights[term];
            }
            var candidates = similarities.OrderByDescending(s => s.Value).Take(options.Candidates).Select(s => (stories[s.Key], s.Value));
            var story = StoryClusterer.Choose(candidates, options, (candidateStory, _) =>
                Recent(storyArticles[candidateStory], articles[i], articles, options)
                    .Take(options.StoryArticlesCompared)
                    .Average(j => signatures[i].Similarity(signatures[j]))) ?? articles[i].Url;

            stories[i] = story;
            if (!storyArticles.TryGetValue(story, out var members)) storyArticles[story] = members = [];
            members.Add(i);
            foreach (var term in signatures[i].Weights.Keys)
            {
                if (!earlierWith.TryGetValue(term, out var list)) earlierWith[term] = list = [];
                list.Add(i);
            }
        }
        return [.. articles.Select((article, i) => (article with { Story = stories[i] }, signatures[i]))];
    }

    /// <summary>
    /// The batch's terms, numbered, with the number of its articles that have each; an article's counts are kept as
    /// (term number, count) pairs until its signature is made. A dictionary of its own strings per article took ~25 KB
    /// for a long article: a batch of 50,000 BBC articles held 1.25 GB of them at once.
    /// </summary>
    sealed class Vocabulary
    {
        readonly Dictionary<string, int> _numbers = [];
        readonly List<int> _docFreqs = [];

        public List<string> Terms { get; } = [];

        public (int Term, float Count)[] Count(Dictionary<string, double> counts)
        {
            var numbered = new (int Term, float Count)[counts.Count];
            var k = 0;
            foreach (var (term, count) in counts)
            {
                if (!_numbers.TryGetValue(term, out var number))
                {
                    _numbers[term] = number = Terms.Count;
                    Terms.Add(term);
                    _docFreqs.Add(0);
                }
                _docFreqs[number]++;
                // Counts are whole occurrences, title ones doubled: exact in a float.
                numbered[k++] = (number, (float)count);
            }
            return numbered;
        }

        public int DocFreq(string term) => _docFreqs[_numbers[term]];
    }

    /// <summary>
    /// The articles of a list (in order of publication, dated) published within the gap before the arriving one,
    /// newest first: the walk stops at the first one older than that, so it never grows with the catalogue.
    /// </summary>
    static IEnumerable<int> Recent(List<int> earlier, Article arriving, IReadOnlyList<Article> articles, StoryOptions options)
    {
        var since = arriving.PubDate!.Value - options.MaxGap;
        for (var k = earlier.Count - 1; k >= 0 && articles[earlier[k]].PubDate >= since; k--) yield return earlier[k];
    }
}
