using RightSize.Cli.Commands.Autoscaling;

namespace RightSize.Cli.Tests.Commands;

/// <summary>find-peak --job finds its server and key as the aws CLI does.</summary>
public sealed class ServerConnectionTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("rightsize-aws-home-");

    [Theory]
    [InlineData("http://127.0.0.1:1/", "http://127.0.0.1:2", "http://127.0.0.1:3", "http://127.0.0.1:1/")]
    [InlineData(null, "http://127.0.0.1:2", "http://127.0.0.1:3", "http://127.0.0.1:2/")]
    [InlineData(null, "", "http://127.0.0.1:3", "http://127.0.0.1:3/")]
    [InlineData(null, null, null, "http://127.0.0.1:8080/")]
    public void The_option_wins_then_the_sagemaker_variable_then_the_general_one_then_serves_default(string? option, string? sagemaker, string? general, string expected)
    {
        var variables = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_SAGEMAKER"] = sagemaker, ["AWS_ENDPOINT_URL"] = general };

        var connection = ServerConnection.Resolve(option, name => variables.GetValueOrDefault(name));

        Assert.Equal(expected, connection.Value!.Endpoint.ToString());
    }

    [Fact]
    public void A_key_needs_both_variables_and_the_region_defaults_to_us_east_1()
    {
        var both = ServerConnection.Resolve(null, name => name switch
        {
            "AWS_ACCESS_KEY_ID" => "AKIA1",
            "AWS_SECRET_ACCESS_KEY" => "secret",
            "AWS_DEFAULT_REGION" => "eu-west-1",
            _ => null,
        }).Value!;
        var idOnly = ServerConnection.Resolve(null, name => name == "AWS_ACCESS_KEY_ID" ? "AKIA1" : null).Value!;

        Assert.Equal(("AKIA1", "secret", "eu-west-1"), (both.Key!.AccessKeyId, both.Key.SecretAccessKey, both.Region));
        Assert.Null(idOnly.Key);
        Assert.Equal("us-east-1", idOnly.Region);
    }

    [Fact]
    public void A_url_that_is_not_http_names_the_option()
    {
        var error = Assert.Single(ServerConnection.Resolve("ftp://host", _ => null).Errors);

        Assert.Equal("--endpoint-url", error.Path);
    }

    [Fact]
    public void Without_variables_the_default_profile_of_the_shared_files_gives_key_region_and_endpoint()
    {
        WriteAwsFile("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n");
        WriteAwsFile("config", "[default]\nregion = eu-central-1\nendpoint_url = http://127.0.0.1:9/\ns3 =\n  region = us-west-2\n");

        var connection = ServerConnection.Resolve(null, Environment()).Value!;

        Assert.Equal(("AKIAFILE", "file-secret", "eu-central-1", "http://127.0.0.1:9/"),
            (connection.Key!.AccessKeyId, connection.Key.SecretAccessKey, connection.Region, connection.Endpoint.ToString()));
    }

    [Fact]
    public void Variables_win_over_the_files_and_aws_profile_picks_a_named_profile()
    {
        WriteAwsFile("credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n\n[team]\naws_access_key_id = AKIATEAM\naws_secret_access_key = t\n");
        WriteAwsFile("config", "# comment\n[profile team]\nregion = ap-south-1\n");

        var team = ServerConnection.Resolve(null, Environment(("AWS_PROFILE", "team"))).Value!;
        var overridden = ServerConnection.Resolve(null, Environment(
            ("AWS_PROFILE", "team"), ("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "e"), ("AWS_REGION", "sa-east-1"))).Value!;

        Assert.Equal(("AKIATEAM", "ap-south-1"), (team.Key!.AccessKeyId, team.Region));
        Assert.Equal(("AKIAENV", "sa-east-1"), (overridden.Key!.AccessKeyId, overridden.Region));
    }

    [Fact]
    public void A_profile_named_by_aws_profile_that_neither_file_has_is_an_error_naming_the_variable()
    {
        WriteAwsFile("credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n");

        var result = ServerConnection.Resolve(null, Environment(("AWS_PROFILE", "missing")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("AWS_PROFILE", error.Path);
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Delete(recursive: true);

    private Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => name == "HOME" ? _home.FullName : variables.FirstOrDefault(v => v.Name == name).Value;

    private void WriteAwsFile(string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(_home.FullName, ".aws"));
        File.WriteAllText(Path.Combine(_home.FullName, ".aws", name), text);
    }
}
