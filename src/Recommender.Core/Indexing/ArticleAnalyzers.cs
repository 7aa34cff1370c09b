using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Bg;
using Lucene.Net.Analysis.Br;
using Lucene.Net.Analysis.Ca;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cz;
using Lucene.Net.Analysis.Da;
using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.El;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Eu;
using Lucene.Net.Analysis.Fa;
using Lucene.Net.Analysis.Fi;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Ga;
using Lucene.Net.Analysis.Gl;
using Lucene.Net.Analysis.Hi;
using Lucene.Net.Analysis.Hu;
using Lucene.Net.Analysis.Hy;
using Lucene.Net.Analysis.Id;
using Lucene.Net.Analysis.It;
using Lucene.Net.Analysis.Lv;
using Lucene.Net.Analysis.Nl;
using Lucene.Net.Analysis.No;
using Lucene.Net.Analysis.Pt;
using Lucene.Net.Analysis.Ro;
using Lucene.Net.Analysis.Ru;
using Lucene.Net.Analysis.Sv;
using Lucene.Net.Analysis.Tr;
using Lucene.Net.Util;

namespace Recommender.Core.Indexing;

/// <summary>
/// The analyzer for an article's language, used both to index its text fields and to analyse query text
/// the same way. All languages share the same fields: a German article's stems simply are other terms.
/// </summary>
public static class ArticleAnalyzers
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // EnglishAnalyzer is the default because relatedness (MoreLikeThis) works on terms: stop words removed
    // means the "interesting terms" are content words, and the Porter stemmer plus possessive removal merge
    // "elections"/"election's"/"election" into one term, so two articles about the same thing share terms.
    static readonly Analyzer English = new WithoutSoftHyphens(new EnglishAnalyzer(Version));

    static readonly Dictionary<string, Func<Analyzer>> Factories = new()
    {
        ["ar"] = () => new ArabicAnalyzer(Version),
        ["bg"] = () => new BulgarianAnalyzer(Version),
        ["ca"] = () => new CatalanAnalyzer(Version),
        ["cs"] = () => new CzechAnalyzer(Version),
        ["da"] = () => new DanishAnalyzer(Version),
        ["de"] = () => new GermanAnalyzer(Version),
        ["el"] = () => new GreekAnalyzer(Version),
        ["es"] = () => new SpanishAnalyzer(Version),
        ["eu"] = () => new BasqueAnalyzer(Version),
        ["fa"] = () => new PersianAnalyzer(Version),
        ["fi"] = () => new FinnishAnalyzer(Version),
        ["fr"] = () => new FrenchAnalyzer(Version),
        ["ga"] = () => new IrishAnalyzer(Version),
        ["gl"] = () => new GalicianAnalyzer(Version),
        ["hi"] = () => new HindiAnalyzer(Version),
        ["hu"] = () => new HungarianAnalyzer(Version),
        ["hy"] = () => new ArmenianAnalyzer(Version),
        ["id"] = () => new IndonesianAnalyzer(Version),
        ["it"] = () => new ItalianAnalyzer(Version),
        ["ja"] = () => new CJKAnalyzer(Version),
        ["ko"] = () => new CJKAnalyzer(Version),
        ["lv"] = () => new LatvianAnalyzer(Version),
        ["nb"] = () => new NorwegianAnalyzer(Version),
        ["nl"] = () => new DutchAnalyzer(Version),
        ["nn"] = () => new NorwegianAnalyzer(Version),
        ["no"] = () => new NorwegianAnalyzer(Version),
        ["pt"] = () => new PortugueseAnalyzer(Version),
        ["pt-br"] = () => new BrazilianAnalyzer(Version),
        ["ro"] = () => new RomanianAnalyzer(Version),
        ["ru"] = () => new RussianAnalyzer(Version),
        ["sv"] = () => new SwedishAnalyzer(Version),
        ["tr"] = () => new TurkishAnalyzer(Version),
        ["zh"] = () => new CJKAnalyzer(Version),
    };

    // Analyzers are thread-safe (their token streams are reused per thread), so one instance per language serves all.
    // Bounded by Factories: an article's language that is not among them gets English, never an entry of its own.
    static readonly ConcurrentDictionary<string, Analyzer> Created = new();

    /// <summary>
    /// The analyzer for an ISO 639-1 code such as "de" or "pt-BR" (region ignored except Brazilian Portuguese);
    /// English for null, unknown or unsupported languages. Each reads its text without soft hyphens.
    /// </summary>
    public static Analyzer For(string? language) =>
        KeyOf(language) is { } key ? Created.GetOrAdd(key, k => new WithoutSoftHyphens(Factories[k]())) : English;


    /// <summary>The key of the analyzer for <paramref name="language"/> in <see cref="Factories"/>; null for English.</summary>
    static string? KeyOf(string? language)
    {
        var key = language?.Trim().Replace('_', '-').ToLowerInvariant();
        if (string.IsNullOrEmpty(key)) return null;
        if (!Factories.ContainsKey(key)) key = key.Split('-')[0];
        return Factories.ContainsKey(key) ? key : null;
    }
}
