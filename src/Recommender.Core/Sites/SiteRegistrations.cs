using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recommender.Core.Sites;

/// <summary>
/// Sites that nobody configured but that an import brought in, kept in <c>{data}/sites.json</c>
/// under <see cref="Section"/>. The server reads that file as one more configuration source, so a
/// newcomer needs no configuration to start; a site that editors configure under <c>Sites</c> wins.
/// </summary>
public static class SiteRegistrations
{
    public const string FileName = "sites.json";
    public const string Section = "RegisteredSites";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Registers <paramref name="site"/> with its allowed hosts, unless the file has it already.</summary>
    public static void Register(string dataDirectory, string site, IEnumerable<string> allowedHosts)
    {
        var path = PathIn(dataDirectory);
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        if (root[Section] is not JsonObject sites)
        {
            sites = [];
            root[Section] = sites;
        }
        if (sites.ContainsKey(site)) return;

        var hosts = new JsonArray();
        foreach (var host in allowedHosts.Distinct(StringComparer.OrdinalIgnoreCase).Order()) hosts.Add(host);
        sites[site] = new JsonObject { [nameof(SiteOptions.AllowedHosts)] = hosts };

        // Write beside and move, so a server watching the file never reads half of it.
        Directory.CreateDirectory(dataDirectory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }
}
