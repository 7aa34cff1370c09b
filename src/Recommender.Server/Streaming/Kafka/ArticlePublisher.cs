using Confluent.Kafka;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// The crawler process's page processor: extracts the article and publishes it to the articles topic
/// rather than indexing it, so that every server node indexes it. The crawl counts as done only once the
/// brokers acknowledged the article; a failure goes to the crawl failure log and is retried.
/// </summary>
public sealed class ArticlePublisher(KafkaOptions options, ArticleExtractor extractor, ArticleIndex index) : ICrawledPageProcessor, IDisposable
{
    readonly IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(options.Producer()).Build();

    public async Task ProcessAsync(CrawlRequest request, FetchedPage page, CancellationToken ct)
    {
        var extracted = CrawledArticle.Extract(extractor, request, page);
        // Embedded once here, with the crawler process's embedder, so that the server nodes store the vector the
        // message carries rather than each running the model.
        var crawled = index.Embedder is { } embedder ? extracted with { Article = embedder.WithVector(extracted.Article) } : extracted;
        var message = new Message<string, byte[]> { Key = ArticleMessage.KeyOf(crawled.Article), Value = ArticleMessage.Serialize(crawled) };
        await producer.ProduceAsync(options.ArticlesTopic, message, ct);
    }

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }
}
