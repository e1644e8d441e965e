namespace RightSize.ModelServer;

internal static class Program
{
    public static int Main() => 0;
}
