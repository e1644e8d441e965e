using System.CommandLine;
using RightSize.ModelServer;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize model serve ...</c>: the reference model server in the foreground; its own parser reads the options.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var serve = new Command("serve", "Run the reference model server (SageMaker container contract). Options: --model-dir DIR, --port P, --host H, --synthetic --slots N --service-time-ms T [--jitter-ms J] [--error-rate P] [--stall-every-ms E --stall-ms D] [--startup-delay-ms S].")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((parse, cancellationToken) => ModelServerHost.RunAsync([.. parse.UnmatchedTokens], cancellationToken));
        return new Command("model", "The reference model server.") { serve };
    }
}
