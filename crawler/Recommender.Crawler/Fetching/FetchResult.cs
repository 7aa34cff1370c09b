using System.Diagnostics.CodeAnalysis;

namespace Recommender.Crawler.Fetching;

/// <summary>An HTML page as fetched: <see cref="Url"/> was asked for, <see cref="FinalUrl"/> answered after redirects.</summary>
public sealed record FetchedPage(
    string Url,
    string FinalUrl,
    int StatusCode,
    string Html,
    string ContentType,
    DateTimeOffset? LastModified,
    string? ETag);

public enum FetchFailureReason
{
    InvalidUrl,
    HostNotAllowed,
    PrivateAddress,
    RobotsDisallowed,
    HttpStatus,
    Timeout,
    Network,
    NotHtml,
    TooLarge,
    TooManyRedirects,
    /// <summary>The page was fetched but the crawled-page processor failed on it.</summary>
    ProcessingFailed,
    /// <summary>The URL names a port the crawler does not fetch from (<see cref="CrawlerOptions.AllowedPorts"/>).</summary>
    PortNotAllowed,
}

/// <summary>Why a fetch failed. <see cref="IsTransient"/> failures may well succeed if tried again soon.</summary>
public sealed record FetchFailure(FetchFailureReason Reason, string Detail, int? StatusCode = null, bool IsTransient = false)
{
    public static FetchFailure ForStatus(int statusCode) =>
        new(FetchFailureReason.HttpStatus, $"HTTP {statusCode}", statusCode,
            IsTransient: statusCode >= 500 || statusCode is 408 or 429);

    public static FetchFailure Timeout(string detail) => new(FetchFailureReason.Timeout, detail, IsTransient: true);

    public static FetchFailure Network(string detail) => new(FetchFailureReason.Network, detail, IsTransient: true);

    public static FetchFailure ProcessingFailed(Exception e) =>
        new(FetchFailureReason.ProcessingFailed, $"{e.GetType().Name}: {e.Message}", IsTransient: true);

    /// <summary>Server errors and timeouts are worth another attempt within the same fetch.</summary>
    internal bool RetryNow => Reason == FetchFailureReason.Timeout || StatusCode >= 500;
}

/// <summary>Either a <see cref="Page"/> or a <see cref="Failure"/>.</summary>
public sealed class FetchResult
{
    FetchResult(FetchedPage? page, FetchFailure? failure) => (Page, Failure) = (page, failure);

    public FetchedPage? Page { get; }

    public FetchFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Page))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Page is not null;

    public static implicit operator FetchResult(FetchedPage page) => new(page, null);

    public static implicit operator FetchResult(FetchFailure failure) => new(null, failure);

    public override string ToString() => Succeeded ? $"OK {Page.FinalUrl}" : $"{Failure.Reason}: {Failure.Detail}";
}
