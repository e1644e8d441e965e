namespace RightSize.ModelServer.Hosting;

/// <summary>
/// Which kind of model the server loads: the container's Image decides (<c>builtin:xgboost</c> passes
/// <c>--xgboost</c>, <c>builtin:onnx</c> passes <c>--onnx</c>); without either, as in a Docker image run plainly, the
/// file found decides.
/// </summary>
internal enum ModelFormat
{
    Any,
    Xgboost,
    Onnx,
}
