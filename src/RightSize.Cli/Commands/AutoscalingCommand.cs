using System.CommandLine;
using RightSize.Cli.Commands.Autoscaling;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize autoscaling</c>: SageMaker's load-testing guide for variant autoscaling, automated (docs/autoscaling.md).</summary>
internal static class AutoscalingCommand
{
    public static Command Create(CliContext context) => new("autoscaling", "Find an instance's peak rate, derive the autoscaling policy, and validate it.")
    {
        FindPeakCommand.Create(context),
        SimulateCommand.Create(context),
    };
}
