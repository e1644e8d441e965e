using System.Text.Json.Serialization;
using RightSize.Jobs;

namespace RightSize.Registry;

/// <summary>The model registry's shapes, with <see cref="SageMakerJsonContext"/>'s options (unknown members rejected, nulls omitted, epoch seconds).</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateModelPackageGroupRequest))]
[JsonSerializable(typeof(CreateModelPackageGroupResponse))]
[JsonSerializable(typeof(ModelPackageGroupNameRequest))]
[JsonSerializable(typeof(DescribeModelPackageGroupResponse))]
[JsonSerializable(typeof(ListModelPackageGroupsRequest))]
[JsonSerializable(typeof(ListModelPackageGroupsResponse))]
[JsonSerializable(typeof(CreateModelPackageRequest))]
[JsonSerializable(typeof(CreateModelPackageResponse))]
[JsonSerializable(typeof(ModelPackageNameRequest))]
[JsonSerializable(typeof(DescribeModelPackageResponse))]
[JsonSerializable(typeof(ListModelPackagesRequest))]
[JsonSerializable(typeof(ListModelPackagesResponse))]
[JsonSerializable(typeof(UpdateModelPackageRequest))]
[JsonSerializable(typeof(UpdateModelPackageResponse))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
