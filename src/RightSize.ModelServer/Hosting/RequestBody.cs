using System.Buffers;
using System.IO.Pipelines;

namespace RightSize.ModelServer.Hosting;

/// <summary>Buffers the whole request body in Kestrel's pipe, without copying it out.</summary>
internal static class RequestBody
{
    /// <summary>Returns the complete body; the caller must then call <c>reader.AdvanceTo(body.End)</c>.</summary>
    public static async ValueTask<ReadOnlySequence<byte>> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
