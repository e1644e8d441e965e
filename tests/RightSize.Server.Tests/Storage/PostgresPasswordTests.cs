using System.Diagnostics;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Storage;

/// <summary>The PostgreSQL password can come from PGPASSWORD (or a pgpass file) instead of --db, so `ps` never shows it.</summary>
public sealed class PostgresPasswordTests : IClassFixture<PostgresCluster>
{
    private readonly PostgresCluster _postgres;

    public PostgresPasswordTests(PostgresCluster postgres) => _postgres = postgres;

    [Fact]
    public async Task Serve_takes_the_database_password_from_PGPASSWORD_and_the_command_line_never_shows_it()
    {
        var password = "pw" + Guid.NewGuid().ToString("N");
        var connection = await _postgres.CreatePasswordRoleAsync("rs_secret", password);
        // The rule is in force once a connection without the password is refused.
        await Poll.UntilAsync(async () => !await CanConnectAsync(connection), TimeSpan.FromSeconds(10), "pg_hba reloaded");
        var folder = TestServer.NewFolder();
        try
        {
            var (refusedCode, refusedOutput) = await ServeAsync(folder, connection, password: null);
            Assert.Equal(2, refusedCode);
            Assert.Contains("--db: cannot open the store", refusedOutput, StringComparison.Ordinal);

            using var serve = Start(folder, connection, password);
            try
            {
                var listening = await ReadUntilAsync(serve, "listening on");
                Assert.Contains("(store: PostgreSQL)", listening, StringComparison.Ordinal);
                var commandLine = await File.ReadAllTextAsync($"/proc/{serve.Id}/cmdline");
                Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);
                Assert.Contains("Username=rs_secret", commandLine, StringComparison.Ordinal);
            }
            finally
            {
                serve.Kill(entireProcessTree: true);
                await serve.WaitForExitAsync();
            }
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }

    private static async Task<bool> CanConnectAsync(string connection)
    {
        try
        {
            await using var db = new Npgsql.NpgsqlConnection(connection);
            await db.OpenAsync();
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    private static Process Start(string folder, string connection, string? password)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "serve", "--urls", "http://127.0.0.1:0", "--db", connection })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PGPASSWORD");
        start.Environment["PGPASSFILE"] = Path.Combine(folder, "no-pgpass");
        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        return Process.Start(start)!;
    }

    private static async Task<(int ExitCode, string Output)> ServeAsync(string folder, string connection, string? password)
    {
        using var process = Start(folder, connection, password);
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output);
    }

    private static async Task<string> ReadUntilAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"serve exited ({process.ExitCode}) before printing '{text}': {await process.StandardError.ReadToEndAsync()}");
    }
}
