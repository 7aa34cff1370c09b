using System.Globalization;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// The robots.txt rules of one host for our user agent (RFC 9309): the groups naming our
/// product token, else the <c>*</c> groups; the longest matching Allow/Disallow pattern wins,
/// Allow on a tie; <c>*</c> matches any run of characters and a final <c>$</c> the end of the path.
/// <c>Crawl-delay</c> (not in RFC 9309, but widely set) is read from the same groups.
/// </summary>
public sealed class RobotsTxt
{
    readonly IReadOnlyList<Rule> rules;

    RobotsTxt(IReadOnlyList<Rule> rules, FetchFailure? unavailable, TimeSpan? crawlDelay = null) =>
        (this.rules, Unavailable, CrawlDelay) = (rules, unavailable, crawlDelay);

    /// <summary>No robots.txt (4xx): everything may be fetched.</summary>
    public static RobotsTxt AllowAll { get; } = new([], null);

    /// <summary>The seconds the host asks between requests (<c>Crawl-delay</c>), at most <see cref="MaxCrawlDelay"/>; null when it asks none.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>
    /// A delay of hours (some sites write 3600) would leave a site's new articles uncrawled for a day; a minute
    /// between requests still lets 1,440 pages a day through.
    /// </summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromMinutes(1);

    /// <summary>Why robots.txt could not be read (5xx, unreachable); nothing may be fetched meanwhile.</summary>
    public FetchFailure? Unavailable { get; }

    public static RobotsTxt FromFailure(FetchFailure failure) => new([], failure);

    public static RobotsTxt Parse(string content, string userAgent)
    {
        var token = ProductToken(userAgent);
        var ours = new List<Rule>();
        var anyAgent = new List<Rule>();
        var groupAgents = new List<string>();
        var inRules = false;
        var namesUs = false;
        double? ourDelay = null, anyAgentDelay = null;
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine.Split('#', 2)[0];
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key is "user-agent" or "useragent")
            {
                if (inRules) groupAgents.Clear();
                inRules = false;
                groupAgents.Add(ProductToken(value));
                namesUs |= groupAgents[^1].Equals(token, StringComparison.OrdinalIgnoreCase);
            }
            else if (key is "allow" or "disallow")
            {
                inRules = true;
                // An empty Disallow allows everything, which is what having no rule means.
                if (value.Length == 0) continue;
                var rule = new Rule(value, Allow: key == "allow");
                if (groupAgents.Contains(token, StringComparer.OrdinalIgnoreCase)) ours.Add(rule);
                if (groupAgents.Contains("*")) anyAgent.Add(rule);
            }
            else if (key is "crawl-delay" &&
                     double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                inRules = true;
                if (groupAgents.Contains(token, StringComparer.OrdinalIgnoreCase)) ourDelay = seconds;
                if (groupAgents.Contains("*")) anyAgentDelay = seconds;
            }
        }
        // A group naming us replaces the * groups, even when it has no rules.
        var delay = namesUs ? ourDelay : anyAgentDelay;
        return new RobotsTxt(namesUs ? ours : anyAgent, null,
            delay is { } d ? TimeSpan.FromSeconds(Math.Min(d, MaxCrawlDelay.TotalSeconds)) : null);
    }

    public bool IsAllowed(string pathAndQuery)
    {
        if (Unavailable is not null) return false;
        if (pathAndQuery.Equals("/robots.txt", StringComparison.Ordinal)) return true;
        Rule? best = null;
        foreach (var rule in rules)
        {
            if (!Matches(rule.Pattern, pathAndQuery)) continue;
            if (best is null || rule.Pattern.Length > best.Pattern.Length ||
                (rule.Pattern.Length == best.Pattern.Length && rule.Allow))
            {
                best = rule;
            }
        }
        return best?.Allow ?? true;
    }

    static string ProductToken(string userAgent) => userAgent.Split('/', ' ', '(')[0].Trim();

    /// <summary>Prefix match with <c>*</c> wildcards; a trailing <c>$</c> anchors the end.</summary>
    internal static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < path.Length)
        {
            if (p == pattern.Length && !anchored) return true;
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starS = s;
            }
            else if (p < pattern.Length && pattern[p] == path[s])
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    sealed record Rule(string Pattern, bool Allow);
}
