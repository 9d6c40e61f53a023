using Dapper;
using Labelit.Data.Instances;
using Npgsql;

namespace Labelit.Worker.LabelStudio;

/// <summary>A project's running, provisioned LS instance as background work (sync, export, backup) reaches it.</summary>
/// <param name="Address">The instance's own address, without Labelit's proxy prefix.</param>
/// <param name="AdminToken">The instance admin's legacy API token (never logged).</param>
/// <param name="LsProjectId">The project's id inside that LS instance.</param>
public sealed record LabelStudioTarget(Uri Address, string AdminToken, int LsProjectId)
{
    public override string ToString() => $"LabelStudioTarget {{ Address = {Address}, LsProjectId = {LsProjectId} }}";
}

/// <summary>
/// Gives background jobs a running instance: an idle (stopped) instance is asked to start, as a user's
/// visit would, and jobs keep it from being stopped as idle while they work by calling <see cref="KeepAliveAsync"/>.
/// </summary>
public sealed class RunningInstances(NpgsqlDataSource dataSource, InstanceStore instances, LabelStudioSecrets secrets)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits up to <paramref name="wait"/> for the project's instance to run; throws with the instance's reason when it does not.</summary>
    public async Task<LabelStudioTarget> WaitAsync(long projectId, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        var startRequested = false;
        Row? row = null;
        try
        {
            while (true)
            {
                row = await ReadAsync(projectId, timeout.Token);
                if (row is { State: InstanceStates.Running, Address: not null, LsProjectId: not null, AdminSecrets: not null })
                {
                    var admin = AdminSecrets.FromJson(secrets.Unprotect(row.AdminSecrets));
                    return new LabelStudioTarget(new Uri(row.Address.TrimEnd('/') + "/"), admin.Token, row.LsProjectId.Value);
                }
                if (!startRequested && row?.State is null or InstanceStates.Stopped)
                {
                    await instances.RequestStartAsync(projectId, timeout.Token);
                    startRequested = true;
                }
                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var why = row?.ProvisionError ?? row?.Reason ?? $"it is {row?.State ?? "not set up yet"}";
            throw new InvalidOperationException($"The project's Label Studio did not become ready within {wait.TotalSeconds:0} s: {why}.");
        }
    }

    /// <summary>Marks the instance as in use, so the idle stop leaves it running during a long job.</summary>
    public Task KeepAliveAsync(long projectId, CancellationToken cancellationToken) => instances.TouchAsync(projectId, cancellationToken);

    private async Task<Row?> ReadAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT state AS State, address AS Address, ls_project_id AS LsProjectId, admin_secrets AS AdminSecrets,
                   reason AS Reason, provision_error AS ProvisionError
            FROM ls_instances WHERE project_id = @projectId
            """, new { projectId }, cancellationToken: cancellationToken));
    }

    private sealed record Row
    {
        public string? State { get; init; }
        public string? Address { get; init; }
        public int? LsProjectId { get; init; }
        public string? AdminSecrets { get; init; }
        public string? Reason { get; init; }
        public string? ProvisionError { get; init; }
    }
}
