using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Recommender.Server.Crawling;

namespace Recommender.Server.Tests.Crawling;

public sealed class CrawlerSettingsTests
{
    static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData("Crawler:Workers", "0")]
    [InlineData("Crawler:RequestTimeout", "00:00:00")]
    [InlineData("Crawler:MaxFailingPagesKept", "0")]
    [InlineData("Crawler:AllowedPorts:0", "70000")]
    public void A_bad_crawler_setting_is_refused_with_a_message_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => CrawlerSettings.Read(Configuration((key, value))));

        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], error.Message);
    }

    [Fact]
    public void Good_settings_are_read_as_written()
    {
        var options = CrawlerSettings.Read(Configuration(("Crawler:Workers", "4"), ("Crawler:AllowedPorts:0", "8080")));

        Assert.Equal(4, options.Workers);
        Assert.Equal([8080], options.AllowedPorts);
    }
}
