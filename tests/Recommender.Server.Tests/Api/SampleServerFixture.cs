namespace Recommender.Server.Tests.Api;

/// <summary>One server over the sample catalogue, shared by tests that use readers of their own.</summary>
public sealed class SampleServerFixture : IAsyncLifetime
{
    readonly TempDirectory data = new();

    public RunningServer Server { get; private set; } = null!;
    public IReadOnlyList<SampleArticle> Articles { get; } = Catalogues.Sample();

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Catalogues.SampleSite, File.ReadLines(Catalogues.SamplePath));
        Server = await RunningServer.StartAsync(data.Path);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        data.Dispose();
    }

    public SampleArticle Article(string urlEnd) => Articles.Single(a => a.Url.EndsWith(urlEnd, StringComparison.Ordinal));
}
