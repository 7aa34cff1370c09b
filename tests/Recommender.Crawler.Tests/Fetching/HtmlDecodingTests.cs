using Recommender.Crawler.Extraction;
using System.Text;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Tests.Fetching;

public class HtmlDecodingTests
{
    [Fact]
    public void A_byte_order_mark_wins_over_the_header_and_is_dropped()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<p>é</p>")).ToArray();

        Assert.Equal("<p>é</p>", HtmlDecoding.Decode(body, "iso-8859-1"));
    }

    [Fact]
    public void Utf16_with_its_byte_order_mark_is_decoded()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<p>ü</p>")).ToArray();

        Assert.Equal("<p>ü</p>", HtmlDecoding.Decode(body, null));
    }

    [Fact]
    public void Meta_http_equiv_charset_is_used_without_a_header_charset()
    {
        var body = Encoding.Latin1.GetBytes("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>ñ</p>");

        Assert.EndsWith("<p>ñ</p>", HtmlDecoding.Decode(body, null));
    }

    [Fact]
    public void Unknown_charsets_fall_back_to_utf8()
    {
        var body = Encoding.UTF8.GetBytes("<meta charset=\"no-such-charset\"><p>ø</p>");

        Assert.EndsWith("<p>ø</p>", HtmlDecoding.Decode(body, "bogus"));
    }
}
