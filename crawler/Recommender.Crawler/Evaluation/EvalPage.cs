namespace Recommender.Crawler.Evaluation;

/// <summary>The two annotated page collections the extractor is measured on.</summary>
public enum EvalDataKind
{
    /// <summary>Trafilatura's evaluation: evaldata.json with text segments the body must and must not contain.</summary>
    Trafilatura,

    /// <summary>Mozilla Readability's test pages: source.html, expected.html, expected-metadata.json per folder.</summary>
    Readability,
}

/// <summary>One annotated page: its HTML bytes and what a good extraction finds in it.</summary>
public sealed record EvalPage
{
    public required string Name { get; init; }
    public required Uri Url { get; init; }
    public required byte[] Html { get; init; }

    /// <summary>Segments the body text must contain (Trafilatura's "with").</summary>
    public IReadOnlyList<string> With { get; init; } = [];

    /// <summary>Segments the body text must not contain (Trafilatura's "without").</summary>
    public IReadOnlyList<string> Without { get; init; } = [];

    /// <summary>The whole expected body text (Readability's expected.html).</summary>
    public string? ExpectedText { get; init; }

    public string? Title { get; init; }
    public string? Author { get; init; }
    public DateOnly? Date { get; init; }
}
