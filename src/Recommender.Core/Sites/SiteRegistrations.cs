using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recommender.Core.Sites;

/// <summary>
/// Sites that nobody configured but that an import brought in, kept in <c>{data}/sites.json</c>
/// under <see cref="Section"/>: their allowed hosts and the SHA-256 of their secret key. The server reads
/// that file as one more configuration source, so a newcomer needs no configuration to start; what editors
/// configure under <c>Sites</c> wins key by key (see the server's SiteDirectory).
/// </summary>
public static class SiteRegistrations
{
    public const string FileName = "sites.json";
    public const string Section = "RegisteredSites";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>
    /// Registers <paramref name="site"/> with its allowed hosts and the hash of its secret key (<see cref="SiteSecret.Hash"/>),
    /// unless the file has it already; false when it had.
    /// </summary>
    public static bool Register(string dataDirectory, string site, IEnumerable<string> allowedHosts, string secretSha256)
    {
        var (root, sites) = Read(dataDirectory);
        if (sites.ContainsKey(site)) return false;

        var hosts = new JsonArray();
        foreach (var host in allowedHosts.Distinct(StringComparer.OrdinalIgnoreCase).Order()) hosts.Add(host);
        sites[site] = new JsonObject { [nameof(SiteOptions.AllowedHosts)] = hosts, [nameof(SiteOptions.SecretSha256)] = secretSha256 };
        Write(dataDirectory, root);
        return true;
    }

    /// <summary>Replaces a registered site's secret key by one with this hash; false when the site is not registered.</summary>
    public static bool SetSecret(string dataDirectory, string site, string secretSha256)
    {
        var (root, sites) = Read(dataDirectory);
        if (sites[site] is not JsonObject registered) return false;
        registered[nameof(SiteOptions.SecretSha256)] = secretSha256;
        Write(dataDirectory, root);
        return true;
    }

    static (JsonObject Root, JsonObject Sites) Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        if (root[Section] is not JsonObject sites)
        {
            sites = [];
            root[Section] = sites;
        }
        return (root, sites);
    }

    static void Write(string dataDirectory, JsonObject root)
    {
        // Write beside and move, so a server watching the file never reads half of it.
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }
}
