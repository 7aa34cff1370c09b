using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Sites;

/// <summary>
/// One server with the sites the security tests need: the sample site as an import registers it (with the tests'
/// secret), the same catalogue as a site that allows training by GET, a site configured without a secret key, and
/// two configured sites whose pages must not read each other's answers.
/// </summary>
public sealed class SecuredServerFixture : IAsyncLifetime
{
    public const string Site = Catalogues.SampleSite;
    public const string GetTrainingSite = "get-training.example";
    public const string SiteWithoutSecret = "no-secret.example";
    public const string Publisher = "bbc-news.example";
    public const string OtherPublisher = "other.example";
    public const string OtherPublisherSecret = "the-other-publishers-own-secret";

    readonly TempDirectory data = new();

    public RunningServer Server { get; private set; } = null!;
    public IReadOnlyList<SampleArticle> Articles { get; } = Catalogues.Sample();

    /// <summary>A client that carries no secret key, as a browser page or a stranger.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        Catalogues.Import(data.Path, GetTrainingSite, File.ReadLines(Catalogues.SamplePath));
        Server = await RunningServer.StartAsync(data.Path,
        [
            $"--Sites:{GetTrainingSite}:AllowGetTraining=true",
            $"--Sites:{SiteWithoutSecret}:AllowedHosts:0=news.example.org",
            $"--Sites:{Publisher}:AllowedHosts:0={Publisher}", RunningServer.SecretSetting(Publisher),
            $"--Sites:{OtherPublisher}:AllowedHosts:0={OtherPublisher}", $"--Sites:{OtherPublisher}:Secret={OtherPublisherSecret}",
        ]);
        Anonymous = new HttpClient { BaseAddress = Server.Client.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Server.DisposeAsync();
        data.Dispose();
    }
}
