namespace Recommender.Core.Experiments;

/// <summary>
/// Which arm of which experiment an answer comes from. <paramref name="Version"/> is a hash of the experiment's arms as
/// configured (<see cref="SiteExperiment.Version"/>): editing them starts a new experiment under the same name, counted apart.
/// </summary>
public sealed record ArmLabel(string Experiment, string Version, string Arm);

/// <summary>Experiment and arm names go into every item's URL in the box (<see cref="ClickThrough.RecommendationId"/>): short and plain.</summary>
public static class ExperimentNames
{
    public const int MaxLength = 32;

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
