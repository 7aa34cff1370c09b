namespace Recommender.Core.Indexing;

/// <summary>
/// A search box query that would cost far more than a search should (too many fuzzy or wildcard words, a wildcard
/// without a prefix): the caller answers 400 with the message, naming the query.
/// </summary>
public sealed class UserQueryTooCostlyException(string message) : Exception(message);
