namespace RightSize.Orchestration;

/// <summary>SageMaker's job and step statuses, spelled as the API spells them.</summary>
public static class RecommendationStatus
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Stopping = "STOPPING";
    public const string Stopped = "STOPPED";

    public static bool IsTerminal(string status) => status is Completed or Failed or Stopped;
}
