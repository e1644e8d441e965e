namespace RightSize.Endpoints;

/// <summary>What a FailureReason says in place of an endpoint's log when the operator withholds it from API callers.</summary>
public static class EndpointLog
{
    public const string Withheld = "its log is withheld from API callers (the operator shows it with serve --endpoint-log-lines N)";
}
