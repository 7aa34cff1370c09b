using Recommender.Core.Experiments;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;

namespace Recommender.Core.Tests.ClickThrough;

public sealed class ExperimentTests
{
    static SiteExperiment ThreeArms() => new()
    {
        Arms = new()
        {
            ["control"] = new ExperimentArm { Share = 0.5 },
            ["blend"] = new ExperimentArm { Share = 0.3, Alpha = 0.7 },
            ["popular"] = new ExperimentArm { Share = 0.2, Strategy = "popular" },
        },
    };

    [Fact]
    public void Arms_split_10000_readers_at_their_shares_within_2_percent_and_a_reader_keeps_their_arm()
    {
        var experiments = new Dictionary<string, SiteExperiment> { ["boxes"] = ThreeArms() };
        var readers = Enumerable.Range(0, 10_000).Select(i => $"reader-{i}").ToList();

        var arms = readers.ToDictionary(r => r, r => SiteExperiment.Assign(experiments, r)!.Value.Label.Arm);

        foreach (var (name, arm) in experiments["boxes"].Arms)
            Assert.InRange(arms.Values.Count(a => a == name) / 10_000.0, arm.Share - 0.02, arm.Share + 0.02);
        // Asked again, of a configuration read anew (another process, after a restart), every reader is where they were.
        var again = new Dictionary<string, SiteExperiment> { ["boxes"] = ThreeArms() };
        Assert.All(readers, r => Assert.Equal(arms[r], SiteExperiment.Assign(again, r)!.Value.Label.Arm));
    }

    [Fact]
    public void An_arm_sets_related_defaults_and_names_itself_and_an_edit_makes_a_new_version()
    {
        var experiment = ThreeArms();
        var label = new ArmLabel("boxes", experiment.Version, "blend");
        var request = experiment.Arms["blend"].ApplyTo(new RecommendationRequest { Filter = new() { Site = "s" }, SemanticWeight = 0.9 }, label);

        Assert.Equal(0.7, request.Alpha);
        Assert.Equal(0.9, request.SemanticWeight);
        Assert.Equal(label, request.Arm);
        Assert.Equal(experiment.Version, ThreeArms().Version);
        experiment.Arms["blend"].Share = 0.25;
        experiment.Arms["control"].Share = 0.55;
        Assert.NotEqual(ThreeArms().Version, experiment.Version);
    }

    [Fact]
    public void Shares_that_do_not_add_up_two_running_experiments_and_bad_names_are_refused_naming_the_key()
    {
        var uneven = ThreeArms();
        uneven.Arms["control"].Share = 0.6;
        var site = new SiteOptions { Experiments = new() { ["boxes"] = uneven, ["other test"] = ThreeArms() } };

        var errors = SiteValidation.Errors("Sites", "news", site).ToList();

        Assert.Contains(errors, e => e.StartsWith("Sites:news:Experiments:boxes:Arms: the shares must add up to 1"));
        Assert.Contains(errors, e => e.StartsWith("Sites:news:Experiments: at most one experiment"));
        Assert.Contains(errors, e => e.StartsWith("Sites:news:Experiments:other test: a name"));
        Assert.Empty(SiteValidation.Errors("Sites", "news", new SiteOptions { Experiments = new() { ["boxes"] = ThreeArms() } }));
    }
}
