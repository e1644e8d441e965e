namespace RightSize.ModelServer.Xgboost;

/// <summary>The learning objectives whose predictions the server reproduces.</summary>
internal enum XgboostObjective
{
    SquaredError,
    Logistic,
    BinaryLogistic,
    BinaryLogitRaw,
    MultiSoftprob,
    MultiSoftmax,
}

internal static class XgboostObjectives
{
    public static IReadOnlyList<string> Names { get; } =
        ["reg:squarederror", "reg:logistic", "binary:logistic", "binary:logitraw", "multi:softprob", "multi:softmax"];

    public static XgboostObjective? Parse(string name) => name switch
    {
        "reg:squarederror" or "reg:linear" => XgboostObjective.SquaredError,
        "reg:logistic" => XgboostObjective.Logistic,
        "binary:logistic" => XgboostObjective.BinaryLogistic,
        "binary:logitraw" => XgboostObjective.BinaryLogitRaw,
        "multi:softprob" => XgboostObjective.MultiSoftprob,
        "multi:softmax" => XgboostObjective.MultiSoftmax,
        _ => null,
    };

    /// <summary>
    /// The margin the trees add to: xgboost stores base_score in output space, so the sigmoid objectives start from its
    /// logit (xgboost's ProbToMargin). binary:logitraw outputs margins and uses base_score as is (checked against 1.7).
    /// </summary>
    public static float BaseMargin(this XgboostObjective objective, float baseScore) => objective switch
    {
        XgboostObjective.Logistic or XgboostObjective.BinaryLogistic => -MathF.Log((1.0f / baseScore) - 1.0f),
        _ => baseScore,
    };

    /// <summary>Multiclass softprob answers one probability per class; every other objective one number.</summary>
    public static int OutputWidth(this XgboostObjective objective, int classCount)
        => objective == XgboostObjective.MultiSoftprob ? classCount : 1;

    /// <summary>Turns one row's margins (one per output group) into its predictions, as xgboost's PredTransform does.</summary>
    public static void Transform(this XgboostObjective objective, Span<float> margins, Span<float> output)
    {
        switch (objective)
        {
            case XgboostObjective.Logistic or XgboostObjective.BinaryLogistic:
                output[0] = Sigmoid(margins[0]);
                break;
            case XgboostObjective.MultiSoftprob:
                Softmax(margins, output);
                break;
            case XgboostObjective.MultiSoftmax:
                output[0] = ArgMax(margins);
                break;
            default:
                output[0] = margins[0];
                break;
        }
    }

    private static float Sigmoid(float x) => 1.0f / (1.0f + MathF.Exp(-x));

    private static void Softmax(ReadOnlySpan<float> margins, Span<float> output)
    {
        var max = margins[0];
        for (var i = 1; i < margins.Length; i++)
        {
            max = MathF.Max(max, margins[i]);
        }

        // xgboost sums the exponentials in double and divides in float.
        var sum = 0.0;
        for (var i = 0; i < margins.Length; i++)
        {
            output[i] = MathF.Exp(margins[i] - max);
            sum += output[i];
        }

        for (var i = 0; i < margins.Length; i++)
        {
            output[i] /= (float)sum;
        }
    }

    private static float ArgMax(ReadOnlySpan<float> margins)
    {
        var best = 0;
        for (var i = 1; i < margins.Length; i++)
        {
            if (margins[i] > margins[best])
            {
                best = i;
            }
        }

        return best;
    }
}
