using Microsoft.Extensions.Options;
using Recommender.Core.CoReading;
using Recommender.Core.Events;

namespace Recommender.Server.CoReading;

/// <summary>Rebuilds every site's co-read model every <see cref="CoReadingOptions.RefreshSeconds"/>, off the request path.</summary>
public sealed class CoReadingRefresh(SiteCoReading coReading, IOptions<CoReadingOptions> options, TimeProvider clock) : BackgroundService
{
    /// <summary>Registers the options, the models (an events consumer: they learn from pageviews) and their refresh.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<CoReadingOptions>().BindConfiguration(CoReadingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new SiteCoReading(provider.GetRequiredService<IOptions<CoReadingOptions>>().Value));
        services.AddSingleton<IEventProcessor>(provider => provider.GetRequiredService<SiteCoReading>());
        services.AddHostedService<CoReadingRefresh>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RefreshSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) coReading.Rebuild();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
