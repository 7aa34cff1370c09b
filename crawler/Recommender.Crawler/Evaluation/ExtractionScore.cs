using System.Text.RegularExpressions;
using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Evaluation;

/// <summary>
/// Pooled scores of one extractor over a page collection. Body segments are counted as Trafilatura's
/// evaluation counts them: a segment is found when its whitespace-normalised text is a substring of
/// the whitespace-normalised body (case and punctuation matter). Whole expected bodies are compared
/// as bags of lower-cased word tokens.
/// </summary>
public sealed partial class ExtractionScore
{
    public int Pages { get; private set; }

    /// <summary>"with" segments found.</summary>
    public int TruePositives { get; private set; }

    /// <summary>"without" segments found.</summary>
    public int FalsePositives { get; private set; }

    /// <summary>"with" segments missed.</summary>
    public int FalseNegatives { get; private set; }

    /// <summary>"without" segments rightly left out.</summary>
    public int TrueNegatives { get; private set; }

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double FScore => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);

    /// <summary>Word tokens shared by the extracted and the expected body (bag intersection).</summary>
    public long MatchedTokens { get; private set; }
    public long ExtractedTokens { get; private set; }
    public long ExpectedTokens { get; private set; }

    public double TokenPrecision => Ratio(MatchedTokens, ExtractedTokens);
    public double TokenRecall => Ratio(MatchedTokens, ExpectedTokens);
    public double TokenFScore => Ratio(2 * MatchedTokens, ExtractedTokens + ExpectedTokens);

    public int TitlesKnown { get; private set; }
    public int TitlesRight { get; private set; }
    public int AuthorsKnown { get; private set; }
    public int AuthorsRight { get; private set; }
    public int DatesKnown { get; private set; }

    /// <summary>Pages whose extracted publication date, in the offset the page stated, is the expected calendar day.</summary>
    public int DatesRight { get; private set; }

    /// <summary>Pages whose extracted date is the expected day or next to it: a diagnostic of near misses, not a right date.</summary>
    public int DatesWithinADay { get; private set; }

    public double TitleShare => Ratio(TitlesRight, TitlesKnown);
    public double AuthorShare => Ratio(AuthorsRight, AuthorsKnown);
    public double DateShare => Ratio(DatesRight, DatesKnown);
    public double DateWithinADayShare => Ratio(DatesWithinADay, DatesKnown);

    /// <summary>Pages with a missed or unwanted segment or a wrong date, in the order scored: what to read to find the next rule.</summary>
    public IReadOnlyList<PageMiss> Misses => misses;

    readonly List<PageMiss> misses = [];

    public void Add(EvalPage page, ExtractedPage extracted)
    {
        Pages++;
        var body = NormalizeSpace(extracted.Text);
        var missed = page.With.Where(segment => !body.Contains(NormalizeSpace(segment), StringComparison.Ordinal)).ToList();
        var unwanted = page.Without.Where(segment => body.Contains(NormalizeSpace(segment), StringComparison.Ordinal)).ToList();
        TruePositives += page.With.Count - missed.Count;
        FalseNegatives += missed.Count;
        FalsePositives += unwanted.Count;
        TrueNegatives += page.Without.Count - unwanted.Count;

        if (page.ExpectedText is not null) AddTokens(extracted.Text, page.ExpectedText);
        if (page.Title is not null)
        {
            TitlesKnown++;
            if (SameTitle(extracted.Title, page.Title)) TitlesRight++;
        }
        if (page.Author is not null)
        {
            AuthorsKnown++;
            if (SameAuthor(extracted.Authors, page.Author)) AuthorsRight++;
        }
        var dateWrong = false;
        if (page.Date is { } date)
        {
            DatesKnown++;
            dateWrong = true;
            if (extracted.PubDate is { } found)
            {
                // DateTime is the clock time in the page's own offset, so this is the day the page states.
                var day = DateOnly.FromDateTime(found.DateTime);
                if (day == date) DatesRight++;
                if (Math.Abs(day.DayNumber - date.DayNumber) <= 1) DatesWithinADay++;
                dateWrong = day != date;
            }
        }
        if (missed.Count > 0 || unwanted.Count > 0 || dateWrong)
        {
            misses.Add(new PageMiss(page.Name, missed, unwanted, page.With.Count, extracted.Text.Length,
                dateWrong ? page.Date : null, dateWrong ? extracted.PubDate : null, dateWrong ? extracted.Rules.GetValueOrDefault(nameof(ExtractedPage.PubDate)) : null));
        }
    }

    void AddTokens(string extracted, string expected)
    {
        var expectedCounts = Tokens(expected).CountBy(t => t).ToDictionary();
        var extractedTokens = Tokens(extracted).ToList();
        ExtractedTokens += extractedTokens.Count;
        ExpectedTokens += expectedCounts.Values.Sum();
        foreach (var token in extractedTokens)
        {
            if (expectedCounts.TryGetValue(token, out var left) && left > 0)
            {
                expectedCounts[token] = left - 1;
                MatchedTokens++;
            }
        }
    }

    /// <summary>Titles match when, normalised, one contains the other and the shorter is at least half the longer (a site name may be appended).</summary>
    public static bool SameTitle(string extracted, string expected)
    {
        string a = NormalizeName(extracted), b = NormalizeName(expected);
        if (a.Length == 0 || b.Length == 0) return false;
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return longer.Contains(shorter, StringComparison.Ordinal) && shorter.Length * 2 >= longer.Length;
    }

    /// <summary>Right when the first expected name and one extracted name, normalised, contain one another.</summary>
    public static bool SameAuthor(IReadOnlyList<string> extracted, string expected)
    {
        var first = NormalizeName(AuthorSeparators().Split(expected)[0]);
        if (first.Length == 0) return false;
        return extracted.Select(NormalizeName).Any(name => name.Length > 0 && (name.Contains(first, StringComparison.Ordinal) || first.Contains(name, StringComparison.Ordinal)));
    }

    static string NormalizeSpace(string text) => Whitespace().Replace(text, " ").Trim();

    static string NormalizeName(string text) => Whitespace().Replace(NonWord().Replace(text.ToLowerInvariant(), " "), " ").Trim();

    static IEnumerable<string> Tokens(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s*(?:[;,&/|]|\band\b|\bund\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorSeparators();
}

/// <summary>
/// What went wrong on one page: the wanted segments missed, the unwanted ones found (with the page's
/// count of wanted segments and the length of the body, to tell a whole article missed from a part),
/// and, when the date is wrong, the expected day, the date found and the rule that chose it.
/// </summary>
public sealed record PageMiss(
    string Page,
    IReadOnlyList<string> Missed,
    IReadOnlyList<string> Unwanted,
    int Wanted,
    int BodyLength,
    DateOnly? ExpectedDate,
    DateTimeOffset? FoundDate,
    string? DateRule);
