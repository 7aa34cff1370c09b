using Microsoft.Extensions.Options;
using Recommender.Core.Sites;

namespace Recommender.Server.Sites;

/// <summary>
/// Finds a site's settings: the editors' configuration under <c>Sites</c> first, then the sites that
/// imports registered. Both reload without a restart.
/// </summary>
public sealed class SiteDirectory(IOptionsMonitor<Dictionary<string, SiteOptions>> sites)
{
    public const string ConfiguredSection = "Sites";

    public SiteOptions? Find(string apikey) =>
        sites.Get(ConfiguredSection).GetValueOrDefault(apikey) ??
        sites.Get(SiteRegistrations.Section).GetValueOrDefault(apikey);

    /// <summary>Whether any site, configured or registered, has <paramref name="host"/> among its allowed hosts.</summary>
    public bool AnyAllowsHost(string host) =>
        sites.Get(ConfiguredSection).Values.Concat(sites.Get(SiteRegistrations.Section).Values).Any(site => site.AllowsHost(host));

    /// <summary>The directory of a command that runs without the web host, over its own configuration.</summary>
    public static SiteDirectory For(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddTo(services, configuration);
        return services.BuildServiceProvider().GetRequiredService<SiteDirectory>();
    }

    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Dictionary<string, SiteOptions>>(ConfiguredSection, configuration.GetSection(ConfiguredSection));
        services.Configure<Dictionary<string, SiteOptions>>(SiteRegistrations.Section, configuration.GetSection(SiteRegistrations.Section));
        services.AddSingleton<SiteDirectory>();
    }
}
