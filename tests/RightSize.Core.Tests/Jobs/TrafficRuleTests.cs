using RightSize.Jobs;
using static RightSize.Tests.Jobs.JobSamples;

namespace RightSize.Tests.Jobs;

public sealed class TrafficRuleTests
{
    private const string P = "InputConfig.TrafficPattern";

    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>, string, string> Cases => new()
    {
        { "advanced needs traffic", () => WithInput(i => i with { TrafficPattern = null }), P, "required for Advanced jobs" },
        { "traffic type missing", () => WithTraffic(new() { Phases = [Phase(1, 1, 120)] }), $"{P}.TrafficType", "PHASES or STAIRS" },
        { "traffic type value", () => WithTraffic(new() { TrafficType = "WAVES" }), $"{P}.TrafficType", "use one of: PHASES, STAIRS" },
        { "phases missing", () => WithTraffic(new() { TrafficType = "PHASES" }), $"{P}.Phases", "required: at least one phase" },
        { "phases empty", () => WithPhases(), $"{P}.Phases", "has 0 phases, out of range >= 1" },
        { "stairs with phases", () => WithTraffic(new() { TrafficType = "PHASES", Phases = [Phase(1, 1, 120)], Stairs = new() }), $"{P}.Stairs", "only used with TrafficType STAIRS" },
        { "initial users low", () => WithPhases(Phase(0, 1, 120)), $"{P}.Phases[0].InitialNumberOfUsers", "0 is out of range 1-3" },
        { "initial users high", () => WithPhases(Phase(4, 1, 120)), $"{P}.Phases[0].InitialNumberOfUsers", "4 is out of range 1-3" },
        { "spawn rate high", () => WithPhases(Phase(1, 10_001, 120)), $"{P}.Phases[0].SpawnRate", "10001 is out of range 0-10000 (SageMaker sets only the minimum 0; RightSize" },
        { "spawn rate negative", () => WithPhases(Phase(1, -1, 120)), $"{P}.Phases[0].SpawnRate", "-1 is out of range 0-10000" },
        { "phase too short", () => WithPhases(Phase(1, 1, 119)), $"{P}.Phases[0].DurationInSeconds", "119 is out of range 120-3600" },
        { "phase too long", () => WithPhases(Phase(1, 0, 3601)), $"{P}.Phases[0].DurationInSeconds", "3601 is out of range 120-3600" },
        { "phase users missing", () => WithPhases(new Phase { SpawnRate = 1, DurationInSeconds = 120 }), $"{P}.Phases[0].InitialNumberOfUsers", "required" },
        { "phase rate missing", () => WithPhases(new Phase { InitialNumberOfUsers = 1, DurationInSeconds = 120 }), $"{P}.Phases[0].SpawnRate", "required" },
        { "phase duration missing", () => WithPhases(new Phase { InitialNumberOfUsers = 1, SpawnRate = 1 }), $"{P}.Phases[0].DurationInSeconds", "required" },
        // 1 + floor(120 x 3 / 60) = 7 users at the end of phase 0; 3 is a jump of 4.
        { "phase chaining", () => WithPhases(Phase(1, 3, 120), Phase(3, 0, 120)), $"{P}.Phases[1].InitialNumberOfUsers", "jump of 4 from the 7 users" },
        { "phases longer than job", () => WithPhases(Phase(1, 0, 3600), Phase(1, 0, 3600), Phase(1, 0, 120)), $"{P}.Phases", "7320 s in total, more than InputConfig.JobDurationInSeconds (7200)" },
        { "stairs missing", () => WithTraffic(new() { TrafficType = "STAIRS" }), $"{P}.Stairs", "required" },
        { "phases with stairs", () => WithTraffic(new() { TrafficType = "STAIRS", Phases = [], Stairs = new() { DurationInSeconds = 240, NumberOfSteps = 2, UsersPerStep = 2 } }), $"{P}.Phases", "only used with TrafficType PHASES" },
        { "stairs too short", () => WithStairs(new() { DurationInSeconds = 100, NumberOfSteps = 2, UsersPerStep = 1 }), $"{P}.Stairs.DurationInSeconds", "100 is out of range 120-3600" },
        { "stairs too long", () => WithStairs(new() { DurationInSeconds = 3601, NumberOfSteps = 2, UsersPerStep = 1 }), $"{P}.Stairs.DurationInSeconds", "3601 is out of range 120-3600" },
        { "stairs no steps", () => WithStairs(new() { DurationInSeconds = 240, NumberOfSteps = 0, UsersPerStep = 1 }), $"{P}.Stairs.NumberOfSteps", "0 is out of range >= 1" },
        { "stairs sub-second steps", () => WithStairs(new() { DurationInSeconds = 240, NumberOfSteps = 241, UsersPerStep = 1 }), $"{P}.Stairs.NumberOfSteps", "241 is out of range 1-240" },
        { "stairs users high", () => WithStairs(new() { DurationInSeconds = 240, NumberOfSteps = 2, UsersPerStep = 4 }), $"{P}.Stairs.UsersPerStep", "4 is out of range 1-3" },
        { "stairs users missing", () => WithStairs(new() { DurationInSeconds = 240, NumberOfSteps = 2 }), $"{P}.Stairs.UsersPerStep", "required" },
        { "stairs longer than job", () => WithInput(i => i with { JobDurationInSeconds = 500, TrafficPattern = new() { TrafficType = "STAIRS", Stairs = new() { DurationInSeconds = 600, NumberOfSteps = 5, UsersPerStep = 1 } } }), $"{P}.Stairs.DurationInSeconds", "600 s in total, more than InputConfig.JobDurationInSeconds (500)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_path_and_range(string rule, Func<CreateInferenceRecommendationsJobRequest> request, string path, string fragment)
    {
        Assert.NotEmpty(rule);
        AssertSingleError(Strict(request()), path, fragment);
    }

    [Fact]
    public void Phase_chaining_allows_a_jump_of_exactly_three()
    {
        // Ends with 2 + floor(120 x 1 / 60) = 4; starting the next phase at 1 is a jump of 3.
        Assert.Empty(Strict(WithPhases(Phase(2, 1, 120), Phase(1, 0, 120))));
    }

    [Fact]
    public void The_seed_stairs_example_is_valid()
    {
        Assert.Empty(Strict(WithStairs(new() { DurationInSeconds = 240, NumberOfSteps = 2, UsersPerStep = 2 })));
    }

    [Fact]
    public void Strict_messages_say_how_relaxed_mode_differs()
    {
        var error = Assert.Single(Strict(WithPhases(Phase(4, 1, 120))));

        Assert.Equal(
            "InputConfig.TrafficPattern.Phases[0].InitialNumberOfUsers: 4 is out of range 1-3 (SageMaker's limit; relaxed validation (--relaxed-validation) allows 1-10000)",
            error.ToString());
    }

    [Fact]
    public void SageMakers_own_spawn_rate_of_60_is_valid_in_strict_mode()
    {
        // The API reference sets only SpawnRate's minimum; AWS's load-test example adds 60 users a minute.
        Assert.Empty(Strict(WithPhases(Phase(1, 60, 120))));
    }
}
