using System.CommandLine;
using RightSize.ModelServer;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize model serve ...</c>: the reference model server in the foreground, with its own command's options.</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "The reference model server.") { ModelServerCommand.CreateServe() };
}
