namespace Recommender.Server;

/// <summary>Where a node keeps its state under the <c>--data</c> folder.</summary>
public sealed record DataFolder(string Root)
{
    public string Index => Path.Combine(Root, "index");
    public string Profiles => Path.Combine(Root, "profiles");
    public string Crawl => Path.Combine(Root, "crawl");
    public string Engagement => Path.Combine(Root, "engagement");
    public string Digests => Path.Combine(Root, "digests");
}
