namespace RightSize.ModelServer;

internal static class Program
{
    public static Task<int> Main(string[] args)
        => ModelServerHost.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, CancellationToken.None);
}
