namespace RightSize.ModelServer.Hosting;

internal static class Usage
{
    public const string Text = """
        RightSize reference model server: the SageMaker container contract (GET /ping, POST /invocations).

        Usage:
          RightSize.ModelServer [serve] [--model-dir DIR] [--port P] [--host H]
          RightSize.ModelServer [serve] --synthetic --slots N --service-time-ms T [options]

        Options:
          --port P                  port to listen on (env SAGEMAKER_BIND_TO_PORT; default 8080; 0 = any free port)
          --host H                  address to bind (env RIGHTSIZE_BIND_HOST; default 127.0.0.1; 0.0.0.0 = all)
          --model-dir DIR           folder with model.json, xgboost-model or a single *.json (default /opt/ml/model)
          --invocation-timeout-ms T how long one invocation may take before it fails with 504 (default 60000)

        Synthetic mode (a calibrated fake model; capacity = N / T requests per second):
          --synthetic               serve the synthetic model (also env RIGHTSIZE_MODEL_SERVER_MODE=synthetic)
          --slots N                 concurrent requests served (env RIGHTSIZE_SYNTHETIC_SLOTS)
          --service-time-ms T       time to serve one request (env RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS)
          --jitter-ms J             uniform jitter of ±J ms on T (env RIGHTSIZE_SYNTHETIC_JITTER_MS)
          --error-rate P            fraction of requests answered 500 (env RIGHTSIZE_SYNTHETIC_ERROR_RATE)
          --stall-every-ms E        every E ms, stop serving for --stall-ms D (env RIGHTSIZE_SYNTHETIC_STALL_EVERY_MS)
          --stall-ms D              stall length (env RIGHTSIZE_SYNTHETIC_STALL_MS)
          --startup-delay-ms S      /ping answers 503 for S ms after start (env RIGHTSIZE_SYNTHETIC_STARTUP_DELAY_MS)

        Once listening it prints one line: Listening on http://HOST:PORT. SIGTERM shuts it down gracefully.

        """;
}
