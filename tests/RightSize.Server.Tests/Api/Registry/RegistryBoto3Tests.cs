using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Registry;

/// <summary>
/// boto3 runs SageMaker's model registry operations against a real server, botocore validating every response: groups,
/// versions numbered as SageMaker numbers them, approval updates, filters and pages, and the errors botocore names.
/// </summary>
public sealed class RegistryBoto3Tests
{
    private const string Script = """
        import sys
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        from botocore.validate import ParamValidator

        url = sys.argv[1]
        sm = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        model = sm.meta.service_model

        def check(operation, response):
            shape = model.operation_model(operation).output_shape
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            if shape is not None:
                report = ParamValidator().validate(body, shape)
                if report.has_errors():
                    raise SystemExit(f"{operation}: {report.generate_report()}")
            return response

        def fails(code, call, *needles):
            try:
                call()
            except ClientError as e:
                error = e.response["Error"]
                assert error["Code"] == code, error
                assert e.response["ResponseMetadata"]["HTTPStatusCode"] < 500, e.response
                for needle in needles:
                    assert needle in error["Message"], (needle, error["Message"])
                return
            raise SystemExit(f"expected {code}")

        group = check("CreateModelPackageGroup", sm.create_model_package_group(ModelPackageGroupName="churn", ModelPackageGroupDescription="churn models"))
        assert group["ModelPackageGroupArn"] == "arn:aws:sagemaker:us-east-1:000000000000:model-package-group/churn", group
        check("CreateModelPackageGroup", sm.create_model_package_group(ModelPackageGroupName="fraud"))
        fails("ValidationException", lambda: sm.create_model_package_group(ModelPackageGroupName="churn"), "already exists")
        fails("ValidationException", lambda: sm.create_model_package_group(ModelPackageGroupName="bad_name", ModelPackageGroupDescription="x" * 1025),
              "ModelPackageGroupName", "ModelPackageGroupDescription")
        d = check("DescribeModelPackageGroup", sm.describe_model_package_group(ModelPackageGroupName=group["ModelPackageGroupArn"]))
        assert (d["ModelPackageGroupName"], d["ModelPackageGroupStatus"], d["ModelPackageGroupDescription"]) == ("churn", "Completed", "churn models"), d
        pages = list(sm.get_paginator("list_model_package_groups").paginate(SortBy="Name", SortOrder="Ascending", PaginationConfig={"PageSize": 1}))
        assert [g["ModelPackageGroupName"] for p in pages for g in p["ModelPackageGroupSummaryList"]] == ["churn", "fraud"], pages
        assert len(pages) == 2
        listed = check("ListModelPackageGroups", sm.list_model_package_groups(NameContains="FRA"))
        assert [g["ModelPackageGroupName"] for g in listed["ModelPackageGroupSummaryList"]] == ["fraud"], listed

        spec = {"Containers": [{"Image": "builtin:synthetic", "Framework": "XGBOOST", "FrameworkVersion": "1.7"}],
                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"],
                "SupportedRealtimeInferenceInstanceTypes": ["ml.c5.xlarge"]}
        v1 = check("CreateModelPackage", sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification=spec,
                   Domain="MACHINE_LEARNING", Task="CLASSIFICATION", SamplePayloadUrl="s3://bucket/payload.tar.gz"))["ModelPackageArn"]
        v2 = check("CreateModelPackage", sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification=spec,
                   ModelApprovalStatus="Approved", ClientToken="retry-1"))["ModelPackageArn"]
        again = sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification=spec, ModelApprovalStatus="Approved", ClientToken="retry-1")
        assert v1 == "arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/1", v1
        assert v2.endswith("/churn/2") and again["ModelPackageArn"] == v2, (v2, again)

        p = check("DescribeModelPackage", sm.describe_model_package(ModelPackageName=v1))
        assert (p["ModelPackageGroupName"], p["ModelPackageVersion"], p["ModelApprovalStatus"], p["ModelPackageStatus"]) == ("churn", 1, "PendingManualApproval", "Completed"), p
        assert (p["Domain"], p["Task"], p["SamplePayloadUrl"]) == ("MACHINE_LEARNING", "CLASSIFICATION", "s3://bucket/payload.tar.gz"), p
        assert p["InferenceSpecification"]["Containers"][0]["Framework"] == "XGBOOST", p
        assert check("DescribeModelPackage", sm.describe_model_package(ModelPackageName="churn/2"))["ModelApprovalStatus"] == "Approved"

        check("UpdateModelPackage", sm.update_model_package(ModelPackageArn=v1, ModelApprovalStatus="Rejected", ApprovalDescription="too slow",
                                                            CustomerMetadataProperties={"team": "risk"}))
        p = sm.describe_model_package(ModelPackageName=v1)
        assert (p["ModelApprovalStatus"], p["ApprovalDescription"], p["CustomerMetadataProperties"]) == ("Rejected", "too slow", {"team": "risk"}), p
        assert p["LastModifiedTime"] >= p["CreationTime"]

        versions = check("ListModelPackages", sm.list_model_packages(ModelPackageGroupName="churn", SortBy="CreationTime", SortOrder="Ascending"))
        assert [s["ModelPackageVersion"] for s in versions["ModelPackageSummaryList"]] == [1, 2], versions
        approved = sm.list_model_packages(ModelPackageGroupName="churn", ModelApprovalStatus="Approved")["ModelPackageSummaryList"]
        assert [s["ModelPackageArn"] for s in approved] == [v2], approved
        # Without a group SageMaker lists unversioned packages unless asked for versioned ones.
        assert sm.list_model_packages()["ModelPackageSummaryList"] == []
        pages = list(sm.get_paginator("list_model_packages").paginate(ModelPackageType="Versioned", PaginationConfig={"PageSize": 1}))
        assert len(pages) == 2 and all(len(p["ModelPackageSummaryList"]) == 1 for p in pages), pages

        # What an API caller may not make the host run, a missing group and a second image: every error at once.
        fails("ValidationException", lambda: sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification={"Containers": [
              {"Image": "process", "Environment": {"RIGHTSIZE_COMMAND": "sh -c id", "LD_PRELOAD": "/x.so"}}, {"Image": "nginx:latest"}]}),
              "InferenceSpecification.Containers[0].Image", "LD_PRELOAD", "InferenceSpecification.Containers[1].Image")
        fails("ValidationException", lambda: sm.create_model_package(ModelPackageGroupName="missing", InferenceSpecification=spec), "does not exist")
        fails("ValidationException", lambda: sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification=spec, ModelApprovalStatus="Maybe",
              SamplePayloadUrl="ftp://x/y"), "ModelApprovalStatus", "SamplePayloadUrl")
        fails("ValidationException", lambda: sm.describe_model_package(ModelPackageName="churn/9"), "does not exist")
        fails("ValidationException", lambda: sm.update_model_package(ModelPackageArn=v1.replace("/1", "/7"), ModelApprovalStatus="Approved"), "does not exist")

        fails("ConflictException", lambda: sm.delete_model_package_group(ModelPackageGroupName="churn"), "delete them first")
        check("DeleteModelPackage", sm.delete_model_package(ModelPackageName=v2))
        fails("ValidationException", lambda: sm.delete_model_package(ModelPackageName=v2), "does not exist")
        # Numbers are never reused: the next version after a deleted 2 is 3.
        v3 = sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification=spec)["ModelPackageArn"]
        assert v3.endswith("/churn/3"), v3
        for arn in (v1, v3):
            sm.delete_model_package(ModelPackageName=arn)
        check("DeleteModelPackageGroup", sm.delete_model_package_group(ModelPackageGroupName="churn"))
        fails("ValidationException", lambda: sm.describe_model_package_group(ModelPackageGroupName="churn"), "does not exist")
        print("ok")
        """;

    [Fact]
    public async Task Boto3_registers_versions_in_groups_updates_approval_lists_and_deletes()
    {
        await using var server = await TestServer.StartAsync();
        var script = Path.Combine(server.Folder, "registry.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("ok", run.Stdout.Trim());
    }
}
