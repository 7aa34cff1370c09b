using System.Security.Cryptography;
using System.Text;
using Recommender.Core.Experiments;

namespace Recommender.Core.ClickThrough;

/// <summary>
/// Names one list answer (<c>rec_id</c> beside its <c>data</c>) and, with a position, one item of it as the tag's box
/// links to it: <c>{answer}.{strategy}.{experiment}.{version}.{arm}[.{position}]</c>, the experiment parts empty when
/// the reader is in none (<c>3f9a0c21be.related...</c>; item 2 of it <c>3f9a0c21be.related....2</c>).
/// </summary>
/// <remarks>
/// The answer part is the first 10 hex digits of the SHA-256 of the answer's cache key, so the id is a function of the
/// key: a cached answer, served twice or by another node from Redis, carries the same id it was computed with, and its
/// ETag still holds. Minting one per response would have to rewrite every cached body. What a click is counted by,
/// strategy, arm and position, is in the id itself, so counting needs no memory of the answers given.
/// </remarks>
public sealed record RecommendationId(string Answer, string Strategy, ArmLabel? Arm, int? Position = null)
{
    /// <summary>The strategies an id may name: <c>/related</c>'s three, <c>/search</c> and <c>/rank</c>.</summary>
    public static readonly IReadOnlySet<string> Strategies = new HashSet<string>(StringComparer.Ordinal) { "related", "trending", "popular", "search", "rank" };

    /// <summary>A list answer shows at most 100 items (the largest <c>limit</c>).</summary>
    public const int MaxPosition = 100;

    const int AnswerDigits = 10;
    const int MaxLength = 160;

    /// <summary>The id of the answer cached under <paramref name="answerKey"/>.</summary>
    public static RecommendationId ForAnswer(string answerKey, string strategy, ArmLabel? arm) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(answerKey)))[..AnswerDigits], strategy, arm);

    /// <summary>The id of the item at <paramref name="position"/> (from 1) of this answer.</summary>
    public RecommendationId At(int position) => this with { Position = position };

    public override string ToString()
    {
        var answer = $"{Answer}.{Strategy}.{Arm?.Experiment}.{Arm?.Version}.{Arm?.Arm}";
        return Position is { } position ? $"{answer}.{position}" : answer;
    }

    /// <summary>The id written by <see cref="ToString"/>, or null for anything else (a reader can type any URL).</summary>
    public static RecommendationId? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return null;
        var parts = text.Split('.');
        if (parts.Length is not (5 or 6)) return null;
        var (answer, strategy, experiment, version, arm) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
        if (answer.Length != AnswerDigits || !answer.All(char.IsAsciiHexDigitLower) || !Strategies.Contains(strategy)) return null;
        ArmLabel? label = null;
        if (experiment.Length > 0 || version.Length > 0 || arm.Length > 0)
        {
            if (!ExperimentNames.IsValid(experiment) || !ExperimentNames.IsValid(arm) || version.Length == 0 || !version.All(char.IsAsciiHexDigitLower))
                return null;
            label = new ArmLabel(experiment, version, arm);
        }
        int? position = null;
        if (parts.Length == 6)
        {
            if (!int.TryParse(parts[5], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ||
                p is < 1 or > MaxPosition)
                return null;
            position = p;
        }
        return new RecommendationId(answer, strategy, label, position);
    }

    /// <summary>The value of query parameter <paramref name="parameter"/> in <paramref name="url"/>, read as an item's id; null when absent or not one.</summary>
    public static RecommendationId? InUrl(string? url, string parameter)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Query.Length <= 1) return null;
        foreach (var pair in uri.Query[1..].Split('&'))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !string.Equals(Uri.UnescapeDataString(pair[..equals]), parameter, StringComparison.Ordinal)) continue;
            return Parse(Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '))) is { Position: not null } item ? item : null;
        }
        return null;
    }
}
