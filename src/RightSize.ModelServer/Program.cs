namespace RightSize.ModelServer;

internal static class Program
{
    public static Task<int> Main(string[] args) => ModelServerHost.RunAsync(args, CancellationToken.None);
}
