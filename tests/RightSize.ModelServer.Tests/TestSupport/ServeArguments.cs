using System.CommandLine;
using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>Parses arguments with the server's own options and resolves them as its command's action does.</summary>
internal static class ServeArguments
{
    public static ModelServerOptionsResult Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new ServeOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args);
        return parse.Errors.Count > 0
            ? new ModelServerOptionsResult(null, [.. parse.Errors.Select(e => e.Message)])
            : ModelServerOptionsParser.Parse(parse, options, environment);
    }
}
