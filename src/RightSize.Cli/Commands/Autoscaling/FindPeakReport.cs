using System.Globalization;
using System.Text.Json.Serialization;
using RightSize.Autoscaling;
using Spectre.Console;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>What <c>find-peak</c> prints: one object (MaxRps, SafetyFactor, TargetValue, Steps, both requests).</summary>
internal sealed record FindPeakReport
{
    /// <summary>What was measured: a URL, a model on an instance type, or a job's recommendation.</summary>
    public required string Source { get; init; }

    public required double MaxRps { get; init; }

    public required double SafetyFactor { get; init; }

    /// <summary>SageMakerVariantInvocationsPerInstance = MaxRps x SafetyFactor x 60.</summary>
    public required double TargetValue { get; init; }

    /// <summary>The knee rule's percentile and factor; null for a job's result, whose peak window was chosen by its run.</summary>
    public string? Percentile { get; init; }

    public double? LatencyFactor { get; init; }

    public required IReadOnlyList<PeakStep> Steps { get; init; }

    /// <summary>The index in <see cref="Steps"/> whose rate is MaxRps.</summary>
    public int? PeakStep { get; init; }

    public Knee? Knee { get; init; }

    public string? Note { get; init; }

    public required RegisterScalableTargetRequest RegisterScalableTarget { get; init; }

    public required PutScalingPolicyRequest PutScalingPolicy { get; init; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, AutoscalingJsonContext.Default.FindPeakReport);

    public void Print(IAnsiConsole console)
    {
        console.MarkupLine($"[bold]{Markup.Escape(Source)}[/]");
        if (Steps.Count > 0)
        {
            var table = new Table().AddColumns("step", "users", "req/s", "success", "p50 ms", "p95 ms", "p99 ms", "");
            for (var i = 0; i < Steps.Count; i++)
            {
                var s = Steps[i];
                var mark = i == PeakStep ? "MAX_RPS" : i == Knee?.Step ? "knee" : string.Empty;
                table.AddRow(Int(i), Int(s.Users), Num(s.Rps, "0.0"), Num(s.SuccessRate * 100, "0.00") + "%", Num(s.P50Ms, "0.00"), Num(s.P95Ms, "0.00"), Num(s.P99Ms, "0.00"), mark);
            }

            console.Write(table);
        }

        if (Knee is not null)
        {
            console.MarkupLine(Markup.Escape($"knee at step {Knee.Step} ({Knee.Users} users): {string.Join("; ", Knee.Reasons)}"));
        }

        if (Note is not null)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(Note)}");
        }

        console.MarkupLine(Markup.Escape(
            $"MAX_RPS {Num(MaxRps, "0.0")} x safety factor {Num(SafetyFactor, "0.##")} x 60 = TargetValue {Num(TargetValue, "0.##")} invocations per instance per minute"));
        console.MarkupLine(Markup.Escape(
            $"capacity {RegisterScalableTarget.MinCapacity}-{RegisterScalableTarget.MaxCapacity} instances on {RegisterScalableTarget.ResourceId}; --json prints the Application Auto Scaling requests"));
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FindPeakReport))]
[JsonSerializable(typeof(RegisterScalableTargetRequest))]
[JsonSerializable(typeof(PutScalingPolicyRequest))]
[JsonSerializable(typeof(SimulationReport))]
internal sealed partial class AutoscalingJsonContext : JsonSerializerContext;
