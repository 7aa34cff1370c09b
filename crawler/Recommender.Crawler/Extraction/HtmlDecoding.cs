using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Crawler.Extraction;

/// <summary>Turns the bytes of an HTML page into text: the charset comes from the BOM, the HTTP header or a meta tag, else UTF-8.</summary>
public static partial class HtmlDecoding
{
    // The HTML standard's prescan looks at the first 1024 bytes; some pages put the meta tag a little later.
    const int PrescanLength = 4096;

    static HtmlDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="bytes">The page as fetched.</param>
    /// <param name="headerCharset">The charset of the Content-Type header, when there was one.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, string? headerCharset = null)
    {
        var encoding = FromBom(bytes, out var bomLength) ?? Resolve(headerCharset) ?? FromMeta(bytes) ?? Encoding.UTF8;
        return encoding.GetString(bytes[bomLength..]);
    }

    static Encoding? FromBom(ReadOnlySpan<byte> bytes, out int length)
    {
        (Encoding? encoding, length) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    static Encoding? FromMeta(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, PrescanLength)]);
        var match = MetaCharset().Match(head);
        return match.Success ? Resolve(match.Groups[1].Value) : null;
    }

    static Encoding? Resolve(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset)) return null;
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        // As the HTML standard says: Latin-1 labels mean windows-1252, and a page cannot declare itself UTF-16 in ASCII.
        if (name is "iso-8859-1" or "latin1" or "us-ascii" or "ascii") name = "windows-1252";
        if (name.StartsWith("utf-16")) return Encoding.UTF8;
        try { return Encoding.GetEncoding(name); }
        catch (ArgumentException) { return null; }
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
