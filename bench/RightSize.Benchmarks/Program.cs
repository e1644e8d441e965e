using BenchmarkDotNet.Running;
using RightSize.Benchmarks.Fleet;

namespace RightSize.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Not a timing benchmark: a check with a table, run the same way (bench/fleet/run.sh).
        if (args is ["fleet-exactness"])
        {
            return MergeExactness.Run(Console.Out);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
