namespace RightSize.Jobs;

/// <summary>Reads a CreateInferenceRecommendationsJob request (a job file or an API body).</summary>
public static class JobDocument
{
    public static Result<CreateInferenceRecommendationsJobRequest> Parse(string json) =>
        SageMakerJson.Parse(json, SageMakerJsonContext.Default.CreateInferenceRecommendationsJobRequest);

    public static Result<CreateInferenceRecommendationsJobRequest> Parse(ReadOnlyMemory<byte> utf8Json) =>
        SageMakerJson.Parse(utf8Json, SageMakerJsonContext.Default.CreateInferenceRecommendationsJobRequest);

    public static string Serialize(CreateInferenceRecommendationsJobRequest request) =>
        SageMakerJson.Serialize(request, SageMakerJsonContext.Default.CreateInferenceRecommendationsJobRequest);
}
