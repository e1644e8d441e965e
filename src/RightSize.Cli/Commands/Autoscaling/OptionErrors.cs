namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// The library's errors name concepts (SafetyFactor, ModelName); a command's errors name the option the user typed.
/// </summary>
internal static class OptionErrors
{
    /// <summary>The errors of a model to start: ModelName, InstanceType and Payload become --model, --instance-type, --body-file.</summary>
    public static IEnumerable<ValidationError> OfModel(IEnumerable<ValidationError> errors) => Rename(errors, path => path switch
    {
        "ModelName" => "--model",
        "InstanceType" => "--instance-type",
        "Payload" => "--body-file",
        _ => path,
    });

    public static IEnumerable<ValidationError> Rename(IEnumerable<ValidationError> errors, Func<string, string> option) =>
        errors.Select(e => e with { Path = option(e.Path) });
}
