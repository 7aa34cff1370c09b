using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Core.Sites;

/// <summary>
/// A site's secret key: the credential of its backend for reader data (training, history, forgetting), engagement
/// and admin calls, beside the public apikey that the tag carries in every page. The server keeps only its SHA-256
/// (a secret of 32 random bytes cannot be guessed from its hash) and compares hashes in constant time.
/// </summary>
public static class SiteSecret
{
    const int RandomBytes = 32;

    /// <summary>A new secret: 32 random bytes, base64url (43 characters), safe in a header and an environment variable.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The lowercase hex SHA-256 of the secret, as the data folder keeps it.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="presented"/> is the site's secret; never true for a site without one.</summary>
    public static SecretCheck Check(SiteOptions site, string? presented)
    {
        if (ExpectedHashes.GetValue(site, static s => new ExpectedHash(s.SecretHash() is { } hex ? Convert.FromHexString(hex) : null)).Bytes
            is not { } expected)
            return SecretCheck.SiteHasNone;
        if (string.IsNullOrEmpty(presented)) return SecretCheck.Missing;
        // Both sides are 32-byte hashes, so the comparison takes the same time whatever the presented secret is.
        var matches = CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        return matches ? SecretCheck.Valid : SecretCheck.Wrong;
    }

    // The site's hash as bytes, per site options instance: hashing a configured secret and decoding the hex again cost
    // a SHA-256 and three allocations on every backend request. A site's options are not changed once the site
    // directory publishes them (a reload builds new ones), so an instance's hash never goes stale.
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SiteOptions, ExpectedHash> ExpectedHashes = new();

    sealed record ExpectedHash(byte[]? Bytes);

    /// <summary>Whether the text is a SHA-256 as <see cref="Hash"/> writes it (64 hex digits).</summary>
    public static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);
}

public enum SecretCheck
{
    Valid,
    Missing,
    Wrong,
    SiteHasNone,
}
