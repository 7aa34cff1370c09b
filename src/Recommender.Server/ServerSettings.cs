namespace Recommender.Server;

/// <summary>What the command line decides about a server before configuration is read.</summary>
public sealed record ServerSettings(string Urls, string DataDirectory);
