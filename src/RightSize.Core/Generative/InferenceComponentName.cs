using System.Text.RegularExpressions;

namespace RightSize.Generative;

/// <summary>SageMaker's InferenceComponentName rule (CreateInferenceComponent), for every place that takes one.</summary>
public static partial class InferenceComponentName
{
    /// <summary>What a valid name is, for error messages.</summary>
    public const string Rule = "1 to 63 letters, digits and inner hyphens";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex Pattern();
}
