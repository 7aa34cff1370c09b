using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Core.Articles;
using Recommender.Core.Engagement;
using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;
using Recommender.Crawler.Crawling;
using Recommender.Server.Events;
using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Streaming;

/// <summary>
/// A consumer that dies after its work and before its commit, followed by a new process in the same group
/// over the same data folder: the batch comes again, and is counted and indexed once.
/// </summary>
public sealed class KafkaRedeliveryTests
{
    const string Site = "news";
    static readonly SiteOptions SiteOptions = new() { AllowedHosts = ["news.example.org"] };
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Views_redelivered_after_a_crash_before_the_commit_count_once()
    {
        using var cluster = new KafkaMockCluster();
        var options = cluster.Options("node");
        using var data = new TempDirectory();
        const string url = "https://news.example.org/tides";
        var now = DateTimeOffset.UtcNow;
        var views = Enumerable.Range(0, 5)
            .Select(i => new PageEvent($"view-{i}", Site, EventAction.Pageview, url, null, $"reader-{i}", now, 0, null))
            .ToList();
        using (var stream = new KafkaEventStream(options, NullLogger<KafkaEventStream>.Instance))
        {
            Assert.True(await stream.TryPublishAsync(views, CancellationToken.None));
        }

        var redelivered = await LiveTwiceAsync<EngagementSignals>(options, options.EventsTopic, views.Count, () =>
        {
            var signals = new EngagementSignals(data.Path, _ => SiteOptions, TimeProvider.System);
            var dispatcher = new EventDispatcher([signals], NullLogger<EventDispatcher>.Instance);
            var consumer = new EventsConsumer(options, options.EventsGroup, dispatcher, NullLogger<EventsConsumer>.Instance);
            return (new KafkaBatchConsumer.BatchHandler(consumer.HandleAsync), signals);
        }, signals => Assert.Equal(views.Count, signals.Get(Site, url, EngagementWindow.LastHour).Views));
        Assert.True(redelivered > 0);
    }

    [Fact]
    public async Task Articles_redelivered_after_a_crash_before_the_commit_are_indexed_once()
    {
        using var cluster = new KafkaMockCluster();
        var options = cluster.Options("node");
        using var data = new TempDirectory();
        var articles = Enumerable.Range(0, 3).Select(i => new CrawledArticle(
            new Article { Site = Site, Url = $"https://news.example.org/story-{i}", Title = $"Story {i}", Text = $"The text of story {i}." },
            [$"https://news.example.org/story-{i}?from=home"])).ToList();
        using (var producer = new ProducerBuilder<string, byte[]>(options.Producer()).Build())
        {
            foreach (var crawled in articles)
            {
                await producer.ProduceAsync(options.ArticlesTopic,
                    new Message<string, byte[]> { Key = ArticleMessage.KeyOf(crawled.Article), Value = ArticleMessage.Serialize(crawled) });
            }
        }

        var redelivered = await LiveTwiceAsync<ArticleIndex>(options, options.ArticlesTopic, articles.Count, () =>
        {
            var index = ArticleIndex.Open(Path.Combine(data.Path, "index"));
            var consumer = new ArticlesConsumer(options, options.ArticlesGroup, index, NullLogger<ArticlesConsumer>.Instance);
            return (new KafkaBatchConsumer.BatchHandler(consumer.HandleAsync), index);
        }, index =>
        {
            Assert.Equal(articles.Count, index.Count(Site));
            Assert.All(articles, crawled => Assert.Equal(crawled.Article.Title, index.Get(Site, crawled.Aliases[0])?.Title));
        });
        Assert.True(redelivered > 0);
    }

    /// <summary>
    /// The first life handles all <paramref name="published"/> records and dies within the batch that ends
    /// them, before its commit; the second life (a new process over the same state) handles what was not
    /// committed. Checks the state after each life; returns how many records came a second time.
    /// </summary>
    static async Task<int> LiveTwiceAsync<TState>(
        KafkaOptions options, string topic, int published, Func<(KafkaBatchConsumer.BatchHandler Handle, TState State)> start, Action<TState> check)
        where TState : IDisposable
    {
        var uncommitted = 0;
        var (firstHandle, firstState) = start();
        using (firstState)
        {
            var handled = 0;
            await LiveAsync(options, topic, async (batch, ct) =>
            {
                await firstHandle(batch, ct);
                handled += batch.Count;
                uncommitted = batch.Count;
                return handled >= published;
            }, dieBeforeCommit: true);
            check(firstState);
        }

        var redelivered = 0;
        var (secondHandle, secondState) = start();
        using (secondState)
        {
            await LiveAsync(options, topic, async (batch, ct) =>
            {
                await secondHandle(batch, ct);
                redelivered += batch.Count;
                return redelivered >= uncommitted;
            }, dieBeforeCommit: false);
            check(secondState);
        }
        return redelivered;
    }

    /// <summary>Consumes in the node's group until <paramref name="handle"/> says it is done; then dies before the commit, or stops after it.</summary>
    static async Task LiveAsync(
        KafkaOptions options, string topic, Func<IReadOnlyList<ConsumeResult<string, byte[]>>, CancellationToken, Task<bool>> handle, bool dieBeforeCommit)
    {
        using var life = new CancellationTokenSource(Patience);
        var done = false;
        var group = topic == options.EventsTopic ? options.EventsGroup : options.ArticlesGroup;
        var consumer = new KafkaBatchConsumer(options, topic, group, NullLogger.Instance);
        await consumer.RunAsync(async (batch, ct) =>
        {
            done = await handle(batch, ct);
            if (!done) return;
            // A stop asked for now lets the loop commit this batch and leave; a death does not get that far.
            life.Cancel();
            if (dieBeforeCommit) ct.ThrowIfCancellationRequested();
        }, life.Token).WaitAsync(Patience + Patience);
        if (!done) Assert.Fail($"The consumer of {topic} did not get its records within {Patience}.");
    }
}
