using System.CommandLine;
using Recommender.Bench;

var root = new RootCommand("Recommender benchmarks. Results go to docs/BENCHMARKS.md with the machine and the command.")
{
    ImportBenchmark.Create(),
    RelatedBenchmark.Create(),
    EventsBenchmark.Create(),
    CachedBenchmark.Create(),
    EngagementLoadBenchmark.Create(),
    KafkaEventsBenchmark.Create(),
    DigestBenchmark.Create(),
    MemoryStreamBenchmark.Create(),
    FirstRequestBenchmark.Create(),
};
return await root.Parse(args).InvokeAsync();
