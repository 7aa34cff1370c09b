using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// Turns an HTML body into text the way browsers choose its encoding: a byte order mark,
/// else the Content-Type charset, else a meta charset near the top, else UTF-8.
/// </summary>
static partial class HtmlDecoding
{
    const int MetaScanBytes = 1024;

    static HtmlDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var encoding = FromByteOrderMark(body, out var bomLength) ??
                       Find(headerCharset) ??
                       Find(MetaCharset(body)) ??
                       Encoding.UTF8;
        return encoding.GetString(body[bomLength..]);
    }

    static Encoding? FromByteOrderMark(ReadOnlySpan<byte> body, out int length)
    {
        (Encoding? encoding, length) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, MetaScanBytes)]);
        var match = MetaCharsetPattern().Match(head);
        if (!match.Success) return null;
        // Bytes that spell a meta tag in ASCII cannot be UTF-16; browsers read them as UTF-8.
        var name = match.Groups[1].Value;
        return name.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase) ? "utf-8" : name;
    }

    static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset)) return null;
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"', '\''));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetPattern();
}
