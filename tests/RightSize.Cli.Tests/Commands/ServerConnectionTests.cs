using RightSize.Cli.Commands.Autoscaling;

namespace RightSize.Cli.Tests.Commands;

/// <summary>find-peak --job finds its server and key as the aws CLI does.</summary>
public sealed class ServerConnectionTests
{
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
}
