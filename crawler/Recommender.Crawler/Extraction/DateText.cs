using System.Globalization;
using System.Text.RegularExpressions;

namespace Recommender.Crawler.Extraction;

/// <summary>
/// Reads the dates that pages write: ISO 8601 with or without zone, RFC 1123, and the visible
/// forms such as "5 March 2021", "March 5, 2021", "5. März 2021", "05.03.2021", "05-03-2021" and "05.03.21". A result keeps
/// the offset the page wrote, so its calendar day is the page's own; times without a zone get offset zero.
/// </summary>
static partial class DateText
{
    static readonly DateTimeOffset Earliest = new(1995, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static readonly string[] MachineFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd", "yyyyMMdd'T'HHmmss", "yyyyMMdd", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd",
        "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm:ss zzz", "ddd MMM d HH:mm:ss zzz yyyy",
    ];

    static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>Parses a machine-readable date (meta content, datetime attribute, JSON-LD), falling back on the visible forms.</summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.Length > 200) return null;
        text = NamedZone().Replace(text, m => ZoneOffset(m.Groups[1].Value));
        text = CompactOffset().Replace(text, "$1:$2");
        if (text.EndsWith('Z') || text.EndsWith('z')) text = text[..^1] + "+00:00";
        if (DateTimeOffset.TryParseExact(text, MachineFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var exact))
        {
            return Plausible(exact);
        }
        // Before the invariant culture's loose parsing, which reads 05.03.2021 month first.
        if (FindVisible(text) is { } visible) return visible;
        // A text without a year, such as "10:30", would otherwise be read as today; one without a day, such as
        // "2017/01", as the first of the month.
        if (Year().IsMatch(text) && !YearAndMonth().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose))
        {
            return Plausible(loose);
        }
        if (long.TryParse(text, out var epoch) && epoch > 788_918_400 && epoch < 4_102_444_800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }
        return null;
    }

    /// <summary>
    /// The first date written in running text, such as a byline's "Published 5 March 2021"; visible times are ignored,
    /// their zone is unknown. Dates labelled as changes ("Updated", "zuletzt geändert am") count only when there is no other;
    /// the site's clock ("Aktuelle Zeit: …") and a forum member's sign-up ("Registriert: …") never.
    /// The last day of a range ("23.-26.8.2017", "12.–14. Mai 2019") is no date: it is an event's, not the page's.
    /// </summary>
    public static DateTimeOffset? FindVisible(string text) => FindVisible(text, changesToo: true);

    /// <summary>The first date written in running text that is not labelled as a change.</summary>
    public static DateTimeOffset? FindUnchanged(string text) => FindVisible(text, changesToo: false);

    static DateTimeOffset? FindVisible(string text, bool changesToo)
    {
        DateTimeOffset? firstChange = null;
        foreach (Match match in VisibleDate().Matches(text))
        {
            var date = FromParts(match);
            if (date is null) continue;
            var before = text[Math.Max(0, match.Index - 40)..match.Index];
            if (NeverThePageLabel().IsMatch(before)) continue;
            if (!ChangeLabel().IsMatch(before)) return date;
            firstChange ??= date;
        }
        return changesToo ? firstChange : null;
    }

    /// <summary>Every date written in running text, in order.</summary>
    public static IEnumerable<DateTimeOffset> AllVisible(string text) =>
        VisibleDate().Matches(text).Select(FromParts).OfType<DateTimeOffset>();

    /// <summary>
    /// For a value that is a numeric date readable both ways ("11/01/2023", "05.03.2021 10:00"), <paramref name="date"/>
    /// (as <see cref="Parse"/> read it) with day and month swapped; null for any other value.
    /// </summary>
    public static DateTimeOffset? Swapped(string value, DateTimeOffset date)
    {
        var match = AmbiguousNumericDate().Match(value);
        if (!match.Success) return null;
        int first = int.Parse(match.Groups[1].Value), second = int.Parse(match.Groups[3].Value);
        return first == second || first > 12 || second > 12 ? null : new DateTimeOffset(date.Year, date.Day, date.Month, date.Hour, date.Minute, date.Second, date.Offset);
    }

    /// <summary>
    /// The date of a text that is a date alone, at most with a weekday or a short label ("06.12.2022", "Mi., 6. Dezember 2022"):
    /// no other number (a range "23.-26.8.2017", a time is a number too) and at most 12 other letters. Alone, the short
    /// form with a two-digit year and single-digit day or month ("Kultur, 2.11.22") is a date too; in running text it could
    /// be a version or a score.
    /// </summary>
    public static DateTimeOffset? FindAlone(string text)
    {
        var match = VisibleDate().Match(text);
        if (!match.Success) match = ShortDate().Match(text);
        if (!match.Success) return null;
        var rest = text.Remove(match.Index, match.Length);
        return rest.Any(char.IsDigit) || rest.Count(char.IsLetter) > 12 ? null : FromParts(match);
    }

    /// <summary>A date labelled as the publication in running text: "Veröffentlicht am 16.08.2019", "Published on March 5, 2021".</summary>
    public static DateTimeOffset? FindLabelledPublication(string text)
    {
        foreach (Match label in PublicationLabel().Matches(text))
        {
            var match = VisibleDate().Match(text, label.Index + label.Length, Math.Min(LabelReach, text.Length - label.Index - label.Length));
            // Only a date right after the label, allowing for a weekday ("Erschienen am Mittwoch, 1. November 2023").
            if (match.Success && match.Index - label.Index - label.Length <= LabelReach - 25 && FromParts(match) is { } date) return date;
        }
        return null;
    }

    const int LabelReach = 40;

    /// <summary>A date in a URL path, such as /2021/03/05/ or /2021-03-05-title.</summary>
    public static DateTimeOffset? FromUrl(string url)
    {
        var match = UrlDate().Match(url);
        if (match.Success) return Build(int.Parse(match.Groups["y"].Value), int.Parse(match.Groups["m"].Value), int.Parse(match.Groups["d"].Value));
        // A path segment that is a day-first date alone ("/meldungen/29-10-2021"), as European sites name news items.
        match = UrlDayFirstDate().Match(url);
        return match.Success ? Build(int.Parse(match.Groups["y"].Value), int.Parse(match.Groups["m"].Value), int.Parse(match.Groups["d"].Value)) : null;
    }

    static DateTimeOffset? FromParts(Match match)
    {
        var g = match.Groups;
        if (g["iy"].Success) return Build(int.Parse(g["iy"].Value), int.Parse(g["im"].Value), int.Parse(g["id"].Value));
        if (g["ny"].Success)
        {
            // Numeric day-first dates (05.03.2021, 05/03/2021); month-first only where day-first is impossible.
            int first = int.Parse(g["n1"].Value), second = int.Parse(g["n2"].Value), year = ExpandYear(g["ny"].Value);
            return second <= 12 ? Build(year, second, first) : Build(year, first, second);
        }
        var monthName = (g["mn1"].Success ? g["mn1"] : g["mn2"]).Value.TrimEnd('.').ToLowerInvariant();
        if (!Months.TryGetValue(monthName, out var month))
        {
            // Abbreviations such as "Sept." or "févr.": a prefix of exactly one month's name.
            var matches = Months.Where(m => m.Key.StartsWith(monthName, StringComparison.Ordinal)).Select(m => m.Value).Distinct().ToList();
            if (matches.Count != 1) return null;
            month = matches[0];
        }
        var day = int.Parse(g["d1"].Success ? g["d1"].Value : g["d2"].Value);
        var yearText = g["y1"].Success ? g["y1"].Value : g["y2"].Value;
        return Build(int.Parse(yearText), month, day);
    }

    static int ExpandYear(string year) => year.Length == 2 ? 2000 + int.Parse(year) : int.Parse(year);

    static DateTimeOffset? Build(int year, int month, int day)
    {
        if (month is < 1 or > 12 || day < 1 || year < 1995 || year > 2100 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    static DateTimeOffset? Plausible(DateTimeOffset date) =>
        date < Earliest || date > DateTimeOffset.UtcNow.AddDays(2) ? null : date;

    static string ZoneOffset(string zone) => zone.ToUpperInvariant() switch
    {
        "GMT" or "UTC" or "UT" => "+00:00",
        "EST" => "-05:00", "EDT" => "-04:00", "CST" => "-06:00", "CDT" => "-05:00",
        "MST" => "-07:00", "MDT" => "-06:00", "PST" => "-08:00", "PDT" => "-07:00",
        "CET" => "+01:00", "CEST" => "+02:00", "BST" => "+01:00",
        _ => zone,
    };

    static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "januar", "jänner", "janvier", "enero", "gennaio", "januari", "janeiro", "styczeń", "stycznia", "январь", "января"],
            ["february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro", "luty", "lutego", "февраль", "февраля"],
            ["march", "mar", "märz", "maerz", "mär", "mars", "marzo", "maart", "março", "marca", "marzec", "март", "марта"],
            ["april", "apr", "avril", "abril", "aprile", "kwiecień", "kwietnia", "апрель", "апреля"],
            ["may", "mai", "mayo", "maggio", "mei", "maio", "maj", "maja", "май", "мая"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwiec", "czerwca", "июнь", "июня"],
            ["july", "jul", "juli", "juillet", "julio", "luglio", "julho", "lipiec", "lipca", "июль", "июля"],
            ["august", "aug", "août", "aout", "agosto", "augustus", "sierpień", "sierpnia", "август", "августа"],
            ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "wrzesień", "września", "сентябрь", "сентября"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro", "październik", "października", "октябрь", "октября"],
            ["november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada", "ноябрь", "ноября"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre", "dicembre", "dezembro", "grudzień", "grudnia", "декабрь", "декабря"],
        ];
        var months = new Dictionary<string, int>();
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i]) months.TryAdd(name, i + 1);
        }
        return months;
    }

    [GeneratedRegex(@"\b(GMT|UTC|UT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|BST)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NamedZone();

    [GeneratedRegex(@"(?<!\d)(?:199|20[0-4])\d(?!\d)")]
    private static partial Regex Year();

    [GeneratedRegex(@"^\d{4}(?:[-/.]\d{1,2})?$")]
    private static partial Regex YearAndMonth();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();

    // What may stand between a label and its date: "on", a colon, a time with its zone, a weekday.
    const string LabelToDate = @"\W*(?:am|on|le|el|:)?\W*(?:\d{1,2}[:.h]?\d{2}\s*(?:[ap]\.?\s?m\.?|uhr)?\s*(?:[a-z]{2,4}\s*)?(?:\([^)]{0,20}\)\s*)?,?\s*)?(?:\p{L}+\.?,?\s*)?$";

    [GeneratedRegex(@"(?:geändert|aktualisiert|updated|modified|edited|letzte änderung|mis à jour|modifié|actualizado)" + LabelToDate, RegexOptions.IgnoreCase)]
    private static partial Regex ChangeLabel();

    // Dates forum software prints beside every post and page that are never the page's: the site's clock ("Aktuelle Zeit:
    // 14.10.2020, 12:18", "It is currently Wed Oct 14, 2020"), the day the page was fetched, and a member's sign-up
    // ("Registriert: 18.09.2008", "Joined: …").
    [GeneratedRegex(@"(?:aktuelle zeit|current time|it is currently|heute ist|today is|nous sommes le|date actuelle|fecha actual|hoy es|registriert|registered|joined|member since|mitglied seit|inscrit le|inscription|registrado)" + LabelToDate, RegexOptions.IgnoreCase)]
    private static partial Regex NeverThePageLabel();

    [GeneratedRegex(@"\b(?:veröffentlicht|erschienen|publiziert|published|posted|publié|publiée|publicado|publicada|pubblicato)(?:\s+(?:am|on|le|el|il))?\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PublicationLabel();

    [GeneratedRegex(@"(?<!\d)(?<y>(?:199|20[0-4])\d)[/-](?<m>[01]?\d)[/-](?<d>[0-3]?\d)(?!\d)")]
    private static partial Regex UrlDate();

    [GeneratedRegex(@"/(?<d>[0-3]?\d)[-.](?<m>[01]?\d)[-.](?<y>(?:199|20[0-4])\d)(?=/|$|\.html?$)")]
    private static partial Regex UrlDayFirstDate();

    [GeneratedRegex(@"^\s*(\d{1,2})([./-])(\d{1,2})\2(?:199|20[0-4])\d(?!\d)")]
    private static partial Regex AmbiguousNumericDate();

    [GeneratedRegex(@"(?<![\d.])(?<n1>[0-3]?\d)\.(?<n2>[01]?\d)\.(?<ny>[0-4]\d)(?![\d.])")]
    private static partial Regex ShortDate();

    [GeneratedRegex("""
        (?<!\d)(?<iy>(?:199|20[0-4])\d)(?:-(?<im>[01]\d)-(?<id>[0-3]\d)|(?<ys>[./])(?<im>[01]?\d)\k<ys>(?<id>[0-3]?\d))(?!\d)
        | (?<!\d)(?<iy>(?:199|20[0-4])\d)\s*[年년]\s*(?<im>[01]?\d)\s*[月월]\s*(?<id>[0-3]?\d)(?!\d)
        | (?<!\d)(?<![\d.]\s?[-–]\s?)(?<n1>[0-3]?\d)([./-])(?<n2>[01]?\d)\1(?<ny>(?:199|20[0-4])\d)(?!\d)
        | (?<![\d.])(?<n1>[0-3]\d)\.(?<n2>[01]\d)\.(?<ny>[0-4]\d)(?![\d.])
        | (?<!\w)(?<![\d.]\s?[-–]\s?)(?<d1>[0-3]?\d)(?:st|nd|rd|th)?\.?\s*(?:de\s+)?(?<mn1>\p{L}{3,11}\.?),?\s*(?:de\s+)?(?<y1>(?:199|20[0-4])\d)(?!\d)
        | (?<!\w)(?<mn2>\p{L}{3,11}\.?)\s+(?<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?<y2>(?:199|20[0-4])\d)(?!\d)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase)]
    private static partial Regex VisibleDate();
}
