namespace RightSize.Cli;

/// <summary>The exit codes of a job command: 0 when the job COMPLETED, 1 when FAILED or STOPPED, 2 on invalid input.</summary>
internal static class ExitCodes
{
    public const int Completed = 0;
    public const int FailedOrStopped = 1;
    public const int InvalidInput = 2;
}
