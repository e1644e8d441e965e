using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on 127.0.0.1 and a free port, in a temp folder owned by the postgres user
/// (initdb refuses root); stopped and deleted on dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rightsize-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=false";

    public async Task InitializeAsync()
    {
        _port = FreePort();
        Directory.CreateDirectory(_folder);
        await RunAsync("chown", "postgres", _folder);
        await AsPostgresAsync($"{Bin}/initdb", "-D", Path.Combine(_folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await StartAsync();
    }

    /// <summary>Starts the cluster (again) on its port.</summary>
    public Task StartAsync() => AsPostgresAsync($"{Bin}/pg_ctl", "-D", Path.Combine(_folder, "data"), "-w", "-l", Path.Combine(_folder, "log"),
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>Stops the cluster (fast: open sessions are ended), as an outage of the database server.</summary>
    public Task StopAsync() => AsPostgresAsync($"{Bin}/pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop");

    /// <summary>Creates an empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// A role that must log in with <paramref name="password"/> (scram-sha-256; every other role keeps trust) and a
    /// database it owns; the connection string carries no password.
    /// </summary>
    public async Task<string> CreatePasswordRoleAsync(string role, string password)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"CREATE ROLE {role} LOGIN PASSWORD '{password}'", $"CREATE DATABASE {role} OWNER {role}" })
            {
                await using var command = new Npgsql.NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }

            var hba = Path.Combine(_folder, "data", "pg_hba.conf");
            await File.WriteAllTextAsync(hba, $"host all {role} 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
            await using var reload = new Npgsql.NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync();
        }

        return $"Host=127.0.0.1;Port={_port};Username={role};Database={role};Pooling=false";
    }

    public async Task DisposeAsync()
    {
        try
        {
            await AsPostgresAsync($"{Bin}/pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task AsPostgresAsync(params string[] args) => RunAsync("runuser", ["-u", "postgres", "--", .. args]);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
