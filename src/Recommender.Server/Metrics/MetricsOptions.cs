namespace Recommender.Server.Metrics;

/// <summary>
/// <c>Metrics:Enabled</c> and <c>Metrics:Url</c>. <c>/metrics</c> tells how busy the node is, its cache hit rate,
/// its queues and what it rejects, never reader data or keys; still, what helps an operator helps whoever times an
/// attack, so on a node reachable from outside give it an address of its own that only the scraper reaches.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";
    public const string Path = "/metrics";

    /// <summary>False: no metrics are collected and <c>/metrics</c> is not mapped.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An address of its own for <c>/metrics</c> (e.g. <c>http://0.0.0.0:9464</c>): the node listens there as well, and
    /// <c>/metrics</c> answers only on that port (404 on the API's). Absent: <c>/metrics</c> is on the API's addresses.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>The port of <see cref="Url"/>, or null without one.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Url"/> is not an address with a port.</exception>
    public int? Port
    {
        get
        {
            if (Url is null) return null;
            try
            {
                var port = BindingAddress.Parse(Url).Port;
                if (port > 0) return port;
            }
            catch (FormatException)
            {
            }
            throw new InvalidOperationException($"{SectionName}:Url must be an address with a port of its own, such as http://0.0.0.0:9464; it is '{Url}'.");
        }
    }

    public static MetricsOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<MetricsOptions>() ?? new();
        _ = options.Port; // a bad address stops the start, naming the key
        return options;
    }
}
