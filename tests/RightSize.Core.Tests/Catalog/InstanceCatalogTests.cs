using System.Diagnostics;
using RightSize.Catalog;
using RightSize.Jobs;

namespace RightSize.Tests.Catalog;

public sealed class InstanceCatalogTests
{
    [Theory]
    [InlineData("ml.c5.xlarge", 0.204, true)]
    [InlineData("ml.m5.large", 0.115, true)]
    [InlineData("ml.c5d.large", 0.115, true)]
    [InlineData("ml.c5d.xlarge", 0.23, true)]
    [InlineData("ml.c5.large", 0.102, false)]
    [InlineData("ml.c5.2xlarge", 0.408, false)]
    [InlineData("ml.m5.xlarge", 0.23, false)]
    [InlineData("ml.r5.xlarge", 0.302, false)]
    [InlineData("ml.g4dn.xlarge", 0.7364, false)]
    [InlineData("ml.g5.xlarge", 1.408, false)]
    [InlineData("ml.inf1.xlarge", 0.368, false)]
    public void Built_in_prices_are_the_listed_ones(string name, double price, bool verified)
    {
        Assert.True(InstanceCatalog.BuiltIn.TryGet(name, out var type));
        Assert.Equal(price, type.PricePerHour);
        Assert.Equal(verified, type.Verified);
        Assert.False(string.IsNullOrEmpty(type.PriceSource));
        Assert.NotNull(type.PriceDate);
    }

    [Fact]
    public void Every_built_in_price_names_a_document_or_the_page_to_check_it_against()
    {
        foreach (var type in InstanceCatalog.BuiltIn.All.Where(t => !t.Name.StartsWith("local.", StringComparison.Ordinal) && !double.IsNaN(t.PricePerHour)))
        {
            Assert.True(type.Verified ? type.PriceSource!.StartsWith("AWS documentation", StringComparison.Ordinal)
                : type.PriceSource!.Contains("https://aws.amazon.com/sagemaker/pricing/", StringComparison.Ordinal), $"{type.Name}: {type.PriceSource}");
        }
    }

    [Theory]
    [InlineData("ml.r5.large", "ml.r5.xlarge", "ml.r5.2xlarge")]
    [InlineData("ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge")]
    [InlineData("ml.c5.large", "ml.c5.xlarge", "ml.c5.2xlarge")]
    public void Each_size_of_a_family_costs_twice_the_one_below_within_half_a_percent(params string[] sizes)
    {
        var prices = sizes.Select(s => InstanceCatalog.BuiltIn.TryGet(s, out var t) ? t.PricePerHour : double.NaN).ToArray();

        Assert.InRange(prices[1], 2 * prices[0] * 0.995, 2 * prices[0] * 1.005);
        Assert.InRange(prices[2], 2 * prices[1] * 0.995, 2 * prices[1] * 1.005);
    }

    [Theory]
    [InlineData("ml.t2.medium", 2, 4, 0)]
    [InlineData("ml.t2.2xlarge", 8, 32, 0)]
    [InlineData("ml.m5.4xlarge", 16, 64, 0)]
    [InlineData("ml.c5.4xlarge", 16, 32, 0)]
    [InlineData("ml.r5.2xlarge", 8, 64, 0)]
    [InlineData("ml.g4dn.xlarge", 4, 16, 1)]
    [InlineData("ml.g5.xlarge", 4, 16, 1)]
    [InlineData("ml.inf1.xlarge", 4, 8, 1)]
    [InlineData("ml.inf2.48xlarge", 192, 768, 12)]
    [InlineData("ml.m4.2xlarge", 8, 32, 0)]
    [InlineData("ml.c4.8xlarge", 36, 60, 0)]
    [InlineData("ml.c5.9xlarge", 36, 72, 0)]
    [InlineData("ml.p3.2xlarge", 8, 61, 1)]
    [InlineData("ml.g5.12xlarge", 48, 192, 4)]
    [InlineData("ml.r8g.medium", 1, 8, 0)]
    [InlineData("ml.c6i.xlarge", 4, 8, 0)]
    [InlineData("ml.m6i.large", 2, 8, 0)]
    public void Built_in_specs_follow_aws(string name, double vcpus, double memory, int gpus)
    {
        Assert.True(InstanceCatalog.BuiltIn.TryGet(name, out var type));
        Assert.Equal((vcpus, memory, gpus), (type.VCpus, type.MemoryGiB, type.Gpus));
    }

    [Theory]
    [InlineData("local.cpu1", 1, 2, 0.051)]
    [InlineData("local.cpu2", 2, 4, 0.102)]
    [InlineData("local.cpu4", 4, 8, 0.204)]
    [InlineData("local.cpu8", 8, 16, 0.408)]
    public void Local_profiles_are_priced_as_ml_c5_per_vcpu(string name, double vcpus, double memory, double price)
    {
        Assert.True(InstanceCatalog.BuiltIn.TryGet(name, out var type));
        Assert.Equal((vcpus, memory, price, false), (type.VCpus, type.MemoryGiB, type.PricePerHour, type.Verified));
    }

    [Fact]
    public void Every_required_built_in_is_present_and_sorted()
    {
        string[] required =
        [
            "ml.t2.medium", "ml.t2.large", "ml.t2.xlarge", "ml.t2.2xlarge", "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge",
            "ml.m5.4xlarge", "ml.c5.large", "ml.c5.xlarge", "ml.c5.2xlarge", "ml.c5.4xlarge", "ml.c5d.large", "ml.c5d.xlarge",
            "ml.r5.large", "ml.r5.xlarge", "ml.r5.2xlarge", "ml.g4dn.xlarge", "ml.g5.xlarge", "ml.inf1.xlarge", "ml.c6i.large",
            "ml.c6i.xlarge", "ml.m6i.large", "ml.m6i.xlarge", "local.cpu1", "local.cpu2", "local.cpu4", "local.cpu8",
        ];

        Assert.All(required, name => Assert.True(InstanceCatalog.BuiltIn.TryGet(name, out _), name));
        Assert.Equal(InstanceCatalog.BuiltIn.All.Select(t => t.Name).Order(StringComparer.Ordinal), InstanceCatalog.BuiltIn.All.Select(t => t.Name));
        Assert.Empty(InstanceTypeRules.Validate([.. InstanceCatalog.BuiltIn.All.Where(t => !double.IsNaN(t.PricePerHour))]));
    }

    [Fact]
    public void The_catalog_knows_every_hosting_type_of_the_botocore_on_this_machine()
    {
        // ProductionVariantInstanceType is the enum SageMaker checks InstanceType against; AWS adds types to it.
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c",
            "import botocore.session; print('\\n'.join(botocore.session.get_session().get_service_model('sagemaker').shape_for('ProductionVariantInstanceType').enum))"])
        { RedirectStandardOutput = true })!;
        var listed = python.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(python.WaitForExit(60_000));

        Assert.True(listed.Length > 200, string.Join(", ", listed));
        Assert.All(listed, name => Assert.True(InstanceCatalog.BuiltIn.TryGet(name, out var type) && type.VCpus > 0 && type.MemoryGiB > 0,
            $"{name} is not in the catalog: run scripts/catalog/instance_specs.py (see docs/instance-catalog.md)"));
    }

    [Fact]
    public void A_type_without_a_price_source_has_no_price_and_says_how_to_add_one()
    {
        Assert.True(InstanceCatalog.BuiltIn.TryGet("ml.m4.2xlarge", out var type));
        Assert.True(double.IsNaN(type.PricePerHour));
        Assert.Contains("PricePerHour to the workspace's InstanceTypes", type.PriceSource, StringComparison.Ordinal);
        Assert.Contains("\"PricePerHour\":\"NaN\"", SageMakerJson.Serialize(type, SageMakerJsonContext.Default.InstanceType), StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_replace_and_add_entries_without_changing_the_built_in_catalog()
    {
        var catalog = InstanceCatalog.BuiltIn.WithOverrides(
        [
            new() { Name = "ml.c5.xlarge", VCpus = 4, MemoryGiB = 8, PricePerHour = 0.25, PriceSource = "my contract" },
            new() { Name = "local.big", VCpus = 0.5, MemoryGiB = 1, PricePerHour = 0.01 },
        ]);

        Assert.True(catalog.TryGet("ml.c5.xlarge", out var overridden));
        Assert.Equal(0.25, overridden.PricePerHour);
        Assert.True(catalog.TryGet("local.big", out var added));
        Assert.Equal(0.5, added.VCpus);
        Assert.Equal(InstanceCatalog.BuiltIn.All.Count + 1, catalog.All.Count);
        Assert.True(InstanceCatalog.BuiltIn.TryGet("ml.c5.xlarge", out var original));
        Assert.Equal(0.204, original.PricePerHour);
        Assert.False(InstanceCatalog.BuiltIn.TryGet("local.big", out _));
    }

    [Theory]
    [InlineData("ml.c5.xlarg", "ml.c5.xlarge")]
    [InlineData("ML.C5.XLARGE", "ml.c5.xlarge")]
    [InlineData("local.cpu3", "local.cpu2")]
    [InlineData("ml.m5.8xlarge", "ml.m5.4xlarge")]
    public void Unknown_names_suggest_near_ones(string name, string suggested)
    {
        Assert.False(InstanceCatalog.BuiltIn.TryGet(name, out _));
        Assert.Contains(suggested, InstanceCatalog.BuiltIn.NearNames(name));
        Assert.Contains($"did you mean {InstanceCatalog.BuiltIn.NearNames(name)[0]}", InstanceCatalog.BuiltIn.DescribeUnknown(name), StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_entries_serialize_in_the_product_json_form()
    {
        InstanceCatalog.BuiltIn.TryGet("ml.m5.large", out var type);

        var json = SageMakerJson.Serialize(type!, SageMakerJsonContext.Default.InstanceType);

        Assert.StartsWith("""{"InstanceType":"ml.m5.large","VCpus":2,"MemoryGiB":8,"Gpus":0,"PricePerHour":0.115,"PriceSource":""", json, StringComparison.Ordinal);
        Assert.Contains("\"PriceDate\":\"2026-11-22\"", json, StringComparison.Ordinal);
        Assert.Equal(type, SageMakerJson.Parse(json, SageMakerJsonContext.Default.InstanceType).Value);
    }

    [Fact]
    public void Bad_price_dates_are_reported_with_their_path()
    {
        var result = SageMakerJson.Parse("""{"InstanceType":"x","VCpus":1,"MemoryGiB":1,"PricePerHour":1,"PriceDate":"yesterday"}""", SageMakerJsonContext.Default.InstanceType);

        Assert.Equal("PriceDate", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Duplicate_and_unnamed_entries_are_rejected()
    {
        var errors = InstanceTypeRules.Validate(
        [
            new() { Name = "a", VCpus = 1, MemoryGiB = 1, PricePerHour = 0 },
            new() { Name = "a", VCpus = 1, MemoryGiB = 1, PricePerHour = 0 },
            new() { Name = " ", VCpus = 1, MemoryGiB = 1, PricePerHour = 0 },
        ]);

        Assert.Equal(["InstanceTypes[1].InstanceType", "InstanceTypes[2].InstanceType"], errors.Select(e => e.Path));
    }
}
