using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Labelit.Data;
using Labelit.Data.Instances;
using Labelit.Data.Migrations;
using Labelit.Data.Protection;
using Labelit.TestSupport;
using Labelit.Worker.Runtimes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Support;

/// <summary>
/// One Labelit installation for one test: a fresh database with the schema, a master key, an
/// instance data folder, the InstanceStore Web would use, and the Workers the test starts.
/// Disposing stops the Workers and every LS process of this installation.
/// </summary>
public sealed class Installation : IAsyncDisposable
{
    public const string LabelConfig = """<View><Text name="text" value="$text"/><Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices></View>""";

    private readonly List<WorkerProcess> _workers = [];
    private readonly IHost _host;
    private readonly ITestOutputHelper _output;

    private Installation(string connectionString, string masterKey, string dataDirectory, IHost host, TestRedis redis, ITestOutputHelper output)
    {
        ConnectionString = connectionString;
        Redis = redis;
        MasterKey = masterKey;
        DataDirectory = dataDirectory;
        _host = host;
        _output = output;
    }

    public string ConnectionString { get; }
    /// <summary>The Redis the Workers keep their job schedules in.</summary>
    public TestRedis Redis { get; }
    public string MasterKey { get; }
    public string DataDirectory { get; }
    public InstanceStore Store => _host.Services.GetRequiredService<InstanceStore>();
    public LabelStudioSecrets Secrets => _host.Services.GetRequiredService<LabelStudioSecrets>();
    /// <summary>A second store, as another Web process would have (with its own touch throttle).</summary>
    public InstanceStore NewStore() => new(DataSource, Secrets, TimeProvider.System);

    private NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<Installation> CreateAsync(ITestOutputHelper output)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("worker");
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionName}"] = connectionString;
        builder.Configuration["DataProtection:MasterKey"] = masterKey;
        builder.Services.AddLogging();
        builder.AddLabelitData();
        builder.AddLabelitDataProtection();
        builder.AddLabelitInstanceStore();
        var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        return new Installation(connectionString, masterKey, TestDirectories.Create("labelit-worker-"), host, await TestRedis.StartAsync(), output);
    }

    /// <summary>Starts the real Worker with settings short enough for tests; overrides win.</summary>
    public WorkerProcess StartWorker(string workerId = "worker-a", IReadOnlyDictionary<string, string>? overrides = null)
    {
        var standIn = RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__labelit"] = ConnectionString,
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["DataProtection__MasterKey"] = MasterKey,
            ["Labelit__PublicUrl"] = "http://127.0.0.1:5999",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Labelit"] = "Information",
            // "Application started": tests that stop a Worker wait for its host to be fully up.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Instances__WorkerId"] = workerId,
            ["Instances__Runtime"] = "Process",
            ["Instances__Command"] = $"dotnet \"{standIn}\" start --no-browser --port {{port}}",
            ["Instances__DataDirectory"] = DataDirectory,
            ["Instances__ReconcileInterval"] = "00:00:01",
            ["Instances__LeaseDuration"] = "00:00:10",
            ["Instances__StartTimeout"] = "00:01:00",
            ["Instances__RestartBackoff"] = "00:00:01",
            ["Instances__IdleTimeout"] = "00:00:00",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
            environment[name] = value;
        var worker = WorkerProcess.Start(environment);
        _workers.Add(worker);
        return worker;
    }

    public async Task<long> AddUserAsync(string name, string role = "Annotator", string? displayName = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (email, display_name, role, password_hash) VALUES (@email, @displayName, @role, 'not-used') RETURNING id",
            new { email = $"{name}-{Guid.NewGuid():N}@example.test", displayName = displayName ?? name, role });
    }

    public Task<string> EmailOfAsync(long userId) => ScalarAsync<string>("SELECT email FROM users WHERE id = @userId", new { userId });

    public async Task<long> AddProjectAsync(string name, long managerId, params long[] annotators)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO projects (name, slug, label_config, manager_id) VALUES (@name, @slug, @LabelConfig, @managerId) RETURNING id",
            new { name, slug = name.ToLowerInvariant().Replace(' ', '-'), LabelConfig, managerId }, transaction);
        foreach (var annotator in annotators)
            await connection.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) VALUES (@id, @annotator)", new { id, annotator }, transaction);
        await transaction.CommitAsync();
        return id;
    }

    public Task ExecuteAsync(string sql, object? parameters = null) => WithConnection(c => c.ExecuteAsync(sql, parameters));

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => WithConnection(c => c.ExecuteScalarAsync<T>(sql, parameters))!;

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) => WithConnection(c => c.QueryAsync<T>(sql, parameters));

    public Task<InstanceSnapshot?> InstanceAsync(long projectId) => WithConnection(c => c.QuerySingleOrDefaultAsync<InstanceSnapshot?>("""
        SELECT project_id AS ProjectId, instance_key AS InstanceKey, state AS State, reason AS Reason, address AS Address, handle AS Handle,
               port AS Port, lease_owner AS LeaseOwner, failure_count AS FailureCount, suspended AS Suspended, ls_project_id AS LsProjectId
        FROM ls_instances WHERE project_id = @projectId
        """, new { projectId }));

    public async Task<IReadOnlyList<InstanceSnapshot>> InstancesAsync() => (await WithConnection(c => c.QueryAsync<InstanceSnapshot>("""
        SELECT project_id AS ProjectId, instance_key AS InstanceKey, state AS State, reason AS Reason, address AS Address, handle AS Handle,
               port AS Port, lease_owner AS LeaseOwner, failure_count AS FailureCount, suspended AS Suspended, ls_project_id AS LsProjectId
        FROM ls_instances ORDER BY project_id
        """))).ToList();

    public Task<string?> AccountStateAsync(long projectId, long userId) => WithConnection(c => c.ExecuteScalarAsync<string?>(
        "SELECT state FROM ls_accounts WHERE project_id = @projectId AND user_id = @userId", new { projectId, userId }));

    /// <summary>Every live LS process that carries one of this installation's instance keys.</summary>
    public async Task<IReadOnlyList<RuntimeInstance>> LsProcessesAsync()
    {
        var keys = (await InstancesAsync()).Select(i => i.InstanceKey).ToHashSet();
        var all = await new ProcessRuntime(Microsoft.Extensions.Options.Options.Create(new Instances.InstanceOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcessRuntime>.Instance).ListAsync(CancellationToken.None);
        return all.Where(p => keys.Contains(p.InstanceKey)).ToList();
    }

    /// <summary>Signs the user in to the project's LS with the credentials the proxy would get.</summary>
    public async Task<LsUserSession> SignInAsync(long projectId, long userId)
    {
        var route = await Store.GetRouteAsync(projectId);
        Assert.True(route?.IsRunning, $"Project {projectId} has no running instance: {route}");
        var credentials = await Store.GetCredentialsAsync(projectId, userId);
        Assert.NotNull(credentials);
        return await LsUserSession.SignInAsync(route!.Address!, credentials.Email, credentials.Password)
            ?? throw new Xunit.Sdk.XunitException($"LS refused user {userId}'s stored credentials.");
    }

    /// <summary>Polls until the condition holds; fails with what the Workers said if it never does.</summary>
    public async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout} waiting until {what}.\nInstances: "
                    + string.Join("\n", await InstancesAsync()) + "\nWorker output:\n" + string.Join("\n---\n", _workers.Select(w => w.Output)));
            await Task.Delay(50);
        }
        return watch.Elapsed;
    }

    public Task<TimeSpan> WaitRunningAsync(long projectId, TimeSpan? timeout = null) =>
        WaitUntilAsync(async () => (await InstanceAsync(projectId))?.State == InstanceStates.Running,
            timeout ?? TimeSpan.FromSeconds(60), $"project {projectId}'s instance runs");

    public void Report(string figure) => _output.WriteLine(figure);

    private async Task<T> WithConnection<T>(Func<NpgsqlConnection, Task<T>> query)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await query(connection);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            _output.WriteLine($"--- Worker {worker.Pid} output ---\n{worker.Output}");
            try
            {
                await worker.DisposeAsync();
            }
            catch (Exception e)
            {
                _output.WriteLine($"Stopping Worker {worker.Pid} failed: {e.Message}"); // keep cleaning up the rest
            }
        }
        foreach (var process in await LsProcessesAsync())
        {
            var pid = int.Parse(process.Handle.Split(':')[0]);
            LinuxProcesses.Signal(pid, LinuxProcesses.SigKill);
        }
        _host.Dispose();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record InstanceSnapshot(long ProjectId, Guid InstanceKey, string State, string? Reason, string? Address, string? Handle,
    int? Port, string? LeaseOwner, int FailureCount, bool Suspended, int? LsProjectId)
{
    /// <summary>The LS process of a process-runtime instance (null while it has none: a stopped or failed instance).</summary>
    public int? Pid => Handle is null ? null : int.Parse(Handle.Split(':')[0]);
}
