namespace Recommender.Core.Profiles;

/// <summary>
/// The profile store's storage cannot be reached just now (a shared store's server is down or too slow).
/// Callers that can answer without the profile do so; a training fails and the client may retry.
/// </summary>
public sealed class ProfileStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
