namespace RightSize.Generative;

/// <summary>How one generative request ended; every failure class is counted apart.</summary>
public enum StreamOutcome
{
    Success,

    /// <summary>The connection could not be made or broke before the response headers.</summary>
    ConnectionError,

    /// <summary>No complete answer within the request timeout (before or during the stream).</summary>
    Timeout,

    /// <summary>The endpoint answered with a status other than 2xx.</summary>
    HttpStatus,

    /// <summary>The stream ended (or broke) before its end marker: <c>[DONE]</c>, or TGI's final <c>details</c>.</summary>
    StreamCut,

    /// <summary>An event or answer that is not the protocol's JSON, or an error the server sent in the stream.</summary>
    MalformedStream,
}

public static class StreamOutcomes
{
    /// <summary>The snake_case name used in outputs.</summary>
    public static string Name(this StreamOutcome outcome) => outcome switch
    {
        StreamOutcome.Success => "success",
        StreamOutcome.ConnectionError => "connection_error",
        StreamOutcome.Timeout => "timeout",
        StreamOutcome.HttpStatus => "http_status",
        StreamOutcome.StreamCut => "stream_cut",
        _ => "malformed_stream",
    };
}
