using RightSize.Jobs;
using static RightSize.Tests.Jobs.JobSamples;

namespace RightSize.Tests.Jobs;

public sealed class TagRuleTests
{
    private static CreateInferenceRecommendationsJobRequest WithTags(params Tag[] tags) => Valid with { Tags = [.. tags] };

    private static Tag T(string? key, string? value) => new() { Key = key, Value = value };

    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>, string, string> Cases => new()
    {
        { "too many", () => WithTags([.. Enumerable.Range(0, 51).Select(i => T($"k{i}", "v"))]), "Tags", "has 51 tags, out of range 0-50" },
        { "key missing", () => WithTags(T(null, "v")), "Tags[0].Key", "required" },
        { "key pattern", () => WithTags(T("a#b", "v")), "Tags[0].Key", "is not valid" },
        { "key length", () => WithTags(T(new string('k', 129), "v")), "Tags[0].Key", "out of range 1-128" },
        { "value missing", () => WithTags(T("k", null)), "Tags[0].Value", "required" },
        { "value length", () => WithTags(T("k", new string('v', 257))), "Tags[0].Value", "out of range 0-256" },
        { "key twice", () => WithTags(T("k", "1"), T("k", "2")), "Tags[1].Key", "given twice" },
        { "window zero", () => WithTags(T(RightSizeTags.WindowSeconds, "0")), "Tags[0].Value", "range 1-3600" },
        { "window text", () => WithTags(T(RightSizeTags.WindowSeconds, "ten")), "Tags[0].Value", "range 1-3600" },
        { "window high", () => WithTags(T(RightSizeTags.WindowSeconds, "3601")), "Tags[0].Value", "range 1-3600" },
        { "unknown option", () => WithTags(T("rightsize:windows", "10")), "Tags[0].Key", "unknown RightSize option 'rightsize:windows'; known: rightsize:window-seconds" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_path_and_range(string rule, Func<CreateInferenceRecommendationsJobRequest> request, string path, string fragment)
    {
        Assert.NotEmpty(rule);
        AssertSingleError(Strict(request()), path, fragment);
    }

    [Fact]
    public void Window_seconds_is_read_from_its_tag()
    {
        var job = WithTags(T("team", ""), T(RightSizeTags.WindowSeconds, "10"));

        Assert.Empty(Strict(job));
        Assert.Equal(10, RightSizeTags.GetWindowSeconds(job));
        Assert.Null(RightSizeTags.GetWindowSeconds(Valid));
    }
}
