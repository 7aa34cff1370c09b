using System.Globalization;
using System.Text.RegularExpressions;
using Recommender.Core.Digests;
using Recommender.Core.Recommendations;
using Recommender.Server.Related;

namespace Recommender.Server.Digests;

/// <summary>The digest service and what remembers the digests sent, shared by the server's admin call and <c>recommender digest</c>.</summary>
public static partial class DigestServices
{
    public const string SectionName = "Digests";

    public static IServiceCollection AddDigests(this IServiceCollection services, DataFolder data)
    {
        services.AddOptions<SentDigestOptions>().BindConfiguration(SectionName)
            .Validate(options => { options.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton(provider => new SentDigests(data.Digests,
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SentDigestOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DigestBuilder>();
        return services;
    }

    /// <summary>The longest window: profiles expire after 180 days by default, so a longer one would list no one more.</summary>
    static readonly TimeSpan LongestWindow = TimeSpan.FromDays(366);

    /// <summary>A window such as <c>90m</c>, <c>24h</c> or <c>7d</c>, from a minute to 366 days; null when it is not one.</summary>
    public static TimeSpan? ParseWindow(string? text)
    {
        var match = Window().Match(text?.Trim() ?? "");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return null;
        var window = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
        return window >= TimeSpan.FromMinutes(1) && window <= LongestWindow ? window : null;
    }

    [GeneratedRegex("^([0-9]{1,6})([mhd])$")]
    private static partial Regex Window();
}

/// <summary>One line of <c>recommender digest</c>'s JSONL and one digest of the admin call: the reader and the articles to send.</summary>
public sealed record DigestLine(string Uuid, IReadOnlyList<ArticleListingItem> Items)
{
    public static DigestLine From(Digest digest) => new(digest.Uuid, [.. digest.Items.Select(ArticleListingItem.From)]);
}
