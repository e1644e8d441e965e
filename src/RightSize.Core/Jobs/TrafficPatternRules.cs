namespace RightSize.Jobs;

/// <summary>
/// <c>InputConfig.TrafficPattern</c>. Phase chaining: a phase ends with
/// <c>InitialNumberOfUsers + floor(DurationInSeconds x SpawnRate / 60)</c> users, and the next phase's
/// InitialNumberOfUsers may differ from that by at most 3 (relaxed: 10000), so the load never jumps.
/// </summary>
internal static class TrafficPatternRules
{
    private const string Path = "InputConfig.TrafficPattern";
    private static readonly string[] TrafficTypes = ["PHASES", "STAIRS"];

    /// <summary>SageMaker sets only the minimum (0; AWS's own example uses 60); the maximum is this host's, in both modes.</summary>
    private static readonly IntRange SpawnRate = new(0, 10_000);

    private const string SpawnRateNote = " (SageMaker sets only the minimum 0; RightSize adds at most 10000 users a minute on one host)";

    public static void Check(ValidationContext context, TrafficPattern traffic, int? jobDurationInSeconds)
    {
        if (!context.Required(traffic.TrafficType, $"{Path}.TrafficType", "PHASES or STAIRS"))
        {
            return;
        }

        context.OneOf(traffic.TrafficType, $"{Path}.TrafficType", TrafficTypes);
        if (traffic.TrafficType == "PHASES")
        {
            Unused(context, traffic.Stairs, "Stairs", "STAIRS");
            if (context.Required(traffic.Phases, $"{Path}.Phases", "at least one phase for TrafficType PHASES"))
            {
                CheckPhases(context, traffic.Phases, jobDurationInSeconds);
            }
        }
        else if (traffic.TrafficType == "STAIRS")
        {
            Unused(context, traffic.Phases, "Phases", "PHASES");
            if (context.Required(traffic.Stairs, $"{Path}.Stairs", "DurationInSeconds, NumberOfSteps and UsersPerStep for TrafficType STAIRS"))
            {
                CheckStairs(context, traffic.Stairs, jobDurationInSeconds);
            }
        }
    }

    private static void Unused(ValidationContext context, object? member, string name, string trafficType)
    {
        if (member is not null)
        {
            context.Add($"{Path}.{name}", $"only used with TrafficType {trafficType}; remove it or change TrafficType");
        }
    }

    private static void CheckPhases(ValidationContext context, List<Phase> phases, int? jobDurationInSeconds)
    {
        context.Count(phases, $"{Path}.Phases", IntRange.AtLeast(1), "phases");
        long total = 0;
        long? previousEndUsers = null;
        for (var i = 0; i < phases.Count; i++)
        {
            var path = $"{Path}.Phases[{i}]";
            var phase = phases[i];
            var initialOk = context.Required(phase.InitialNumberOfUsers, $"{path}.InitialNumberOfUsers", "the users the phase starts with")
                && context.Relaxable(phase.InitialNumberOfUsers, $"{path}.InitialNumberOfUsers", l => l.InitialUsers);
            var rateOk = context.Required(phase.SpawnRate, $"{path}.SpawnRate", "users added per minute (0 for a flat phase)")
                && context.Range(phase.SpawnRate, $"{path}.SpawnRate", SpawnRate, SpawnRateNote);
            var durationOk = context.Required(phase.DurationInSeconds, $"{path}.DurationInSeconds", "the phase's length in seconds")
                && context.Relaxable(phase.DurationInSeconds, $"{path}.DurationInSeconds", l => l.TrafficDuration);

            if (initialOk && previousEndUsers is { } end)
            {
                CheckJump(context, path, end, phase.InitialNumberOfUsers!.Value);
            }

            total += phase.DurationInSeconds ?? 0;
            previousEndUsers = initialOk && rateOk && durationOk
                ? phase.InitialNumberOfUsers!.Value + ((long)phase.DurationInSeconds!.Value * phase.SpawnRate!.Value / 60)
                : null;
        }

        CheckTotal(context, $"{Path}.Phases", "the phases last", total, jobDurationInSeconds);
    }

    private static void CheckJump(ValidationContext context, string path, long previousEndUsers, long initialUsers)
    {
        var jump = Math.Abs(initialUsers - previousEndUsers);
        if (jump > context.Limits.MaxUserJump)
        {
            context.Add($"{path}.InitialNumberOfUsers",
                $"{initialUsers} users is a jump of {jump} from the {previousEndUsers} users the previous phase ends with "
                + $"(initial + floor(duration x spawn rate / 60)); the jump is out of range 0-{context.Limits.MaxUserJump}"
                + context.RelaxedNote($"0-{JobLimits.Relaxed.MaxUserJump}"));
        }
    }

    private static void CheckStairs(ValidationContext context, Stairs stairs, int? jobDurationInSeconds)
    {
        var path = $"{Path}.Stairs";
        var durationOk = context.Required(stairs.DurationInSeconds, $"{path}.DurationInSeconds", "the pattern's total length in seconds")
            && context.Relaxable(stairs.DurationInSeconds, $"{path}.DurationInSeconds", l => l.TrafficDuration);
        if (context.Required(stairs.NumberOfSteps, $"{path}.NumberOfSteps", "how many steps the duration is divided into")
            && context.Range(stairs.NumberOfSteps, $"{path}.NumberOfSteps", IntRange.AtLeast(1))
            && durationOk)
        {
            // Each step lasts DurationInSeconds / NumberOfSteps; below a second the schedule is meaningless.
            context.Range(stairs.NumberOfSteps, $"{path}.NumberOfSteps", new(1, stairs.DurationInSeconds!.Value),
                " (each step lasts DurationInSeconds / NumberOfSteps and must be at least 1 second)");
        }

        if (context.Required(stairs.UsersPerStep, $"{path}.UsersPerStep", "users added at each step"))
        {
            context.Relaxable(stairs.UsersPerStep, $"{path}.UsersPerStep", l => l.UsersPerStep);
        }

        CheckTotal(context, $"{path}.DurationInSeconds", "the stairs last", stairs.DurationInSeconds ?? 0, jobDurationInSeconds);
    }

    private static void CheckTotal(ValidationContext context, string path, string what, long total, int? jobDurationInSeconds)
    {
        if (jobDurationInSeconds is { } limit && total > limit)
        {
            context.Add(path, $"{what} {total} s in total, more than InputConfig.JobDurationInSeconds ({limit}); "
                + "shorten the traffic pattern or raise JobDurationInSeconds");
        }
    }
}
