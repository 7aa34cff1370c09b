using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Recommender.Core.Sites;

namespace Recommender.Server.Sites;

/// <summary>
/// Finds a site's settings: the editors' configuration under <c>Sites</c> merged with what an import registered
/// (its allowed hosts and secret key fill in where the configuration says nothing), read again on every
/// configuration reload. A reload with a bad value is refused and logged, and the previous sites keep answering;
/// a bad value at start stops the server with a message naming the key.
/// </summary>
public sealed class SiteDirectory : IDisposable
{
    public const string ConfiguredSection = "Sites";

    readonly IConfiguration configuration;
    readonly ILogger logger;
    readonly IDisposable reloads;

    // Replaced whole on a reload, never changed in place: requests read it without a lock.
    volatile IReadOnlyDictionary<string, SiteOptions> sites;

    public SiteDirectory(IConfiguration configuration, ILogger<SiteDirectory> logger)
    {
        this.configuration = configuration;
        this.logger = logger;
        var errors = new List<string>();
        sites = Read(configuration, errors);
        if (errors.Count > 0) throw new OptionsValidationException(ConfiguredSection, typeof(SiteOptions), errors);
        reloads = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public SiteOptions? Find(string apikey) => sites.GetValueOrDefault(apikey);

    /// <summary>Whether <paramref name="origin"/> is one of any site's origins (CORS).</summary>
    public bool AnyAllowsOrigin(string origin) => sites.Values.Any(site => site.AllowsOrigin(origin));

    void Reload()
    {
        var errors = new List<string>();
        var next = Read(configuration, errors);
        if (errors.Count > 0)
        {
            logger.LogError("Refused the new site configuration, the previous one still applies: {Errors}", string.Join("; ", errors));
            return;
        }
        sites = next;
    }

    static Dictionary<string, SiteOptions> Read(IConfiguration configuration, List<string> errors)
    {
        var configured = Bind(configuration.GetSection(ConfiguredSection), errors);
        var registered = Bind(configuration.GetSection(SiteRegistrations.Section), errors);
        foreach (var (apikey, site) in configured)
        {
            if (!registered.TryGetValue(apikey, out var registration)) continue;
            // Setting one key of an imported site (its cache time, say) must not drop what the import registered.
            if (site.AllowedHosts.Count == 0) site.AllowedHosts = registration.AllowedHosts;
            site.SecretSha256 ??= registration.SecretSha256;
        }
        var merged = new Dictionary<string, SiteOptions>(registered);
        foreach (var (apikey, site) in configured) merged[apikey] = site;

        foreach (var (apikey, site) in merged)
            errors.AddRange(SiteValidation.Errors(configured.ContainsKey(apikey) ? ConfiguredSection : SiteRegistrations.Section, apikey, site));
        return merged;
    }

    /// <summary>Each site of the section on its own, so one site's value that does not convert names its key.</summary>
    static Dictionary<string, SiteOptions> Bind(IConfigurationSection section, List<string> errors)
    {
        var sites = new Dictionary<string, SiteOptions>();
        foreach (var site in section.GetChildren())
        {
            try
            {
                sites[site.Key] = site.Get<SiteOptions>() ?? new SiteOptions();
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }
        return sites;
    }

    /// <summary>The directory of a command that runs without the web host, over its own configuration.</summary>
    public static SiteDirectory For(IConfiguration configuration) => new(configuration, NullLogger<SiteDirectory>.Instance);

    public static void AddTo(IServiceCollection services) => services.AddSingleton<SiteDirectory>();

    public void Dispose() => reloads.Dispose();
}
