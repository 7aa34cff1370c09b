using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Recommender.Crawler.Fetching;

namespace Recommender.Server.Crawling;

/// <summary>
/// The crawler's settings as the server, <c>recommender import</c> and <c>recommender extract</c> read them: the section
/// <c>Crawler</c>, checked by its attributes, so a bad value stops the start with a message naming its key.
/// </summary>
public static class CrawlerSettings
{
    public static CrawlerOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(CrawlerOptions.SectionName).Get<CrawlerOptions>() ?? new();
        var errors = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true)) return options;
        throw new OptionsValidationException(CrawlerOptions.SectionName, typeof(CrawlerOptions),
            [.. errors.Select(e => $"{CrawlerOptions.SectionName}:{string.Join(", ", e.MemberNames)}: {e.ErrorMessage}")]);
    }
}
