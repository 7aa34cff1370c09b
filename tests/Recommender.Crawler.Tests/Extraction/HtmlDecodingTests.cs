using System.Text;
using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Tests.Extraction;

public class HtmlDecodingTests
{
    [Fact]
    public void MetaCharsetChoosesTheEncoding()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body>Grüße aus Köln</body></html>");

        Assert.Contains("Grüße aus Köln", HtmlDecoding.Decode(bytes));
    }

    [Fact]
    public void HttpEquivContentTypeChoosesTheEncoding()
    {
        var html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>“quoted” – dash</p>";
        var bytes = CodePagesEncoding(1252).GetBytes(html);

        Assert.Contains("“quoted” – dash", HtmlDecoding.Decode(bytes));
    }

    [Fact]
    public void ByteOrderMarkWinsAndIsDropped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<meta charset=\"windows-1252\"><p>naïve</p>")).ToArray();

        Assert.Equal("<meta charset=\"windows-1252\"><p>naïve</p>", HtmlDecoding.Decode(bytes));
    }

    [Fact]
    public void DefaultIsUtf8()
    {
        Assert.Equal("<p>Zürich</p>", HtmlDecoding.Decode(Encoding.UTF8.GetBytes("<p>Zürich</p>")));
    }

    [Fact]
    public void UnknownCharsetFallsBackToUtf8()
    {
        Assert.Equal("<meta charset=\"klingon-7\">ä", HtmlDecoding.Decode(Encoding.UTF8.GetBytes("<meta charset=\"klingon-7\">ä")));
    }

    static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
