namespace RightSize.Server;

/// <summary>Marks the server assembly: the SageMaker API, job hosting and the store live here.</summary>
public static class ServerAssembly
{
    public const string Name = "RightSize.Server";
}
