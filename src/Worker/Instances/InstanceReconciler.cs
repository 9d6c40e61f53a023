using Labelit.Data.Instances;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Runtimes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Instances;

/// <summary>
/// Brings one project's instance to the state its project wants: start (wait for health, then
/// provision), keep provisioned, restart after a crash with backoff, stop when paused, deleted or
/// idle. Every step runs under the project's advisory lock and this Worker's lease.
/// </summary>
public sealed class InstanceReconciler(
    InstanceRepository repository,
    ProjectLocks locks,
    IInstanceRuntime runtime,
    LaunchSettings launchSettings,
    Provisioner provisioner,
    LabelStudioClient client,
    LabelStudioSecrets secrets,
    IOptions<InstanceOptions> options,
    TimeProvider clock,
    ILogger<InstanceReconciler> logger)
{
    private readonly SemaphoreSlim _startSlots = new(options.Value.MaxConcurrentStarts);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _failedProbes = new();

    private InstanceOptions Options => options.Value;

    public async Task ReconcileAsync(long projectId, CancellationToken cancellationToken)
    {
        var peek = await repository.GetAsync(projectId, cancellationToken);
        if (peek is null || HeldByAnotherWorker(peek))
            return; // its Worker reacts to the same change; taking the lock would only get in its way
        await using var held = await LockAsync(projectId, cancellationToken);
        if (held is null)
            return; // another Worker is acting on this project right now
        var row = await repository.GetAsync(projectId, cancellationToken);
        if (row is null || (row.InstanceKey is null && !row.WantsInstance))
            return;
        if (!row.WantsInstance && row.Handle is null && row.State == InstanceStates.Stopped && row.Reason == row.WhyNotWanted)
            return; // already where it should be: no lease, no write
        if (!await repository.TryClaimAsync(projectId, Options.WorkerId, Options.LeaseDuration, cancellationToken))
            return; // another live Worker holds this instance
        row = (await repository.GetAsync(projectId, cancellationToken))!;

        var status = row.Handle is null ? null : await runtime.InspectAsync(row.InstanceKey!.Value, row.Handle, cancellationToken);
        var running = status?.IsRunning == true;

        if (!row.WantsInstance)
        {
            await StopAsync(row, running, row.WhyNotWanted, suspended: row.Suspended, cancellationToken);
            return;
        }
        if (running && row.State == InstanceStates.Running)
        {
            if (IsIdle(row))
            {
                await StopAsync(row, running: true, row.WhyNotWanted, suspended: true, cancellationToken);
                return;
            }
            if (row.LaunchHost != launchSettings.HostFor(row.Slug))
            {
                // A new slug or public URL: LS only reads LABEL_STUDIO_HOST at start.
                await runtime.StopAsync(row.InstanceKey!.Value, row.Handle!, cancellationToken);
                await StartAsync(row, cancellationToken);
                return;
            }
            if (await IsHungAsync(row, cancellationToken))
            {
                var probes = Options.UnhealthyThreshold;
                await runtime.StopAsync(row.InstanceKey!.Value, row.Handle!, cancellationToken);
                await RecordFailureAsync(row, $"LS did not answer GET /health/ {probes} times in a row (each within {Options.HealthProbeTimeout}); it was restarted.", cancellationToken);
                return;
            }
            await KeepProvisionedAsync(row, cancellationToken);
            return;
        }
        if (running)
        {
            // Found running but not recorded as ready (the Worker stopped mid-start): finish the start.
            await FinishStartAsync(row, row.Handle!, cancellationToken);
            return;
        }
        if (row.Handle is not null && row.State is InstanceStates.Running or InstanceStates.Starting)
        {
            await RecordFailureAsync(row, (status?.Reason ?? "The instance stopped.") + LogTail(row), cancellationToken);
            return;
        }
        if (row.State == InstanceStates.Failed && row.RetryAt > clock.GetUtcNow().UtcDateTime)
            return;
        await StartAsync(row, cancellationToken);
    }

    private bool HeldByAnotherWorker(InstanceRow row) =>
        row.LeaseOwner is not null && row.LeaseOwner != Options.WorkerId && row.LeaseExpiresAt > clock.GetUtcNow().UtcDateTime;

    // Another Worker may hold the lock for a moment (checking a lease it does not get): wait a
    // little rather than miss a change until the next pass.
    private async Task<IAsyncDisposable?> LockAsync(long projectId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var held = await locks.TryAcquireAsync(projectId, cancellationToken);
            if (held is not null || attempt == 10)
                return held;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops every instance this Worker holds, recording them as stopped but still wanted.</summary>
    public async Task StopAllHeldAsync(CancellationToken cancellationToken)
    {
        var held = await repository.HeldByAsync(Options.WorkerId, cancellationToken);
        await Task.WhenAll(held.Select(async projectId =>
        {
            await using var projectLock = await locks.TryAcquireAsync(projectId, cancellationToken);
            var row = await repository.GetAsync(projectId, cancellationToken);
            if (projectLock is null || row?.Handle is null || row.LeaseOwner != Options.WorkerId)
                return;
            await StopAsync(row, running: true, "The Worker shut down; the instance starts again with the Worker.", suspended: row.Suspended,
                cancellationToken);
        }));
    }

    // A live process that stops answering (deadlocked, swapped out) counts as crashed after a few probes.
    private async Task<bool> IsHungAsync(InstanceRow row, CancellationToken cancellationToken)
    {
        if (await client.IsHealthyAsync(AddressOf(row.Port!.Value), cancellationToken, Options.HealthProbeTimeout))
        {
            _failedProbes.TryRemove(row.ProjectId, out _);
            return false;
        }
        var failed = _failedProbes.AddOrUpdate(row.ProjectId, 1, (_, count) => count + 1);
        logger.LogWarning("LS instance of project {ProjectId} did not answer GET /health/ ({Failed} of {Threshold})",
            row.ProjectId, failed, Options.UnhealthyThreshold);
        if (failed < Options.UnhealthyThreshold)
            return false;
        _failedProbes.TryRemove(row.ProjectId, out _);
        return true;
    }

    private bool IsIdle(InstanceRow row) =>
        Options.IdleTimeout > TimeSpan.Zero && clock.GetUtcNow().UtcDateTime - row.LastActivityAt > Options.IdleTimeout;

    private async Task StartAsync(InstanceRow row, CancellationToken cancellationToken)
    {
        await _startSlots.WaitAsync(cancellationToken);
        string? handle = null;
        try
        {
            var admin = await AdminSecretsAsync(row, cancellationToken);
            var port = await repository.AllocatePortAsync(row.ProjectId, row.Port, Options.PortRangeStart, Options.PortRangeEnd, cancellationToken);
            var host = launchSettings.HostFor(row.Slug);
            var environment = launchSettings.EnvironmentFor(row.ProjectId, row.Slug, admin);
            await repository.MarkStartingAsync(row.ProjectId, runtime.Name, host, cancellationToken);
            handle = await runtime.StartAsync(new InstanceLaunch(row.InstanceKey!.Value, row.ProjectId, port, environment), cancellationToken);
            // Not cancellable: a started process whose handle is not recorded could not be stopped at shutdown.
            await repository.SetHandleAsync(row.ProjectId, handle, CancellationToken.None);
            row.Port = port;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _startSlots.Release();
            if (handle is not null)
                await runtime.StopAsync(row.InstanceKey!.Value, handle, CancellationToken.None);
            await RecordFailureAsync(row, "Could not start: " + e.Message + LogTail(row), cancellationToken);
            return;
        }
        try
        {
            await FinishStartAsync(row, handle, cancellationToken);
        }
        finally
        {
            _startSlots.Release();
        }
    }

    private async Task FinishStartAsync(InstanceRow row, string handle, CancellationToken cancellationToken)
    {
        var address = AddressOf(row.Port!.Value);
        try
        {
            await WaitHealthyAsync(row, handle, address, cancellationToken);
            var admin = await AdminSecretsAsync(row, cancellationToken);
            await provisioner.ProvisionAsync(row, admin, address, afterStart: true, cancellationToken);
            await repository.MarkRunningAsync(row.ProjectId, address.ToString().TrimEnd('/'), cancellationToken);
            logger.LogInformation("LS instance of project {ProjectId} is running at {Address}", row.ProjectId, address);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await runtime.StopAsync(row.InstanceKey!.Value, handle, CancellationToken.None);
            await RecordFailureAsync(row, e.Message, cancellationToken);
        }
    }

    private async Task WaitHealthyAsync(InstanceRow row, string handle, Uri address, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + Options.StartTimeout;
        while (!await client.IsHealthyAsync(address, cancellationToken))
        {
            var status = await runtime.InspectAsync(row.InstanceKey!.Value, handle, cancellationToken);
            if (!status.IsRunning)
                throw new InvalidOperationException(status.Reason + LogTail(row));
            if (clock.GetUtcNow() > deadline)
                throw new TimeoutException($"LS did not answer GET /health/ within {Options.StartTimeout}.{LogTail(row)}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task KeepProvisionedAsync(InstanceRow row, CancellationToken cancellationToken)
    {
        try
        {
            var admin = await AdminSecretsAsync(row, cancellationToken);
            await provisioner.ProvisionAsync(row, admin, AddressOf(row.Port!.Value), afterStart: false, cancellationToken);
            if (row.ProvisionError is not null)
                await repository.SetProvisionErrorAsync(row.ProjectId, null, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            // The instance keeps serving; the next pass tries again. The error is shown with its state.
            logger.LogWarning("Provisioning project {ProjectId} failed: {Error}", row.ProjectId, e.Message);
            await repository.SetProvisionErrorAsync(row.ProjectId, e.Message, cancellationToken);
        }
    }

    private async Task StopAsync(InstanceRow row, bool running, string reason, bool suspended, CancellationToken cancellationToken)
    {
        if (row.Handle is not null)
        {
            if (running)
                await repository.MarkStoppingAsync(row.ProjectId, reason, cancellationToken);
            await runtime.StopAsync(row.InstanceKey!.Value, row.Handle, cancellationToken);
            logger.LogInformation("Stopped the LS instance of project {ProjectId}: {Reason}", row.ProjectId, reason);
        }
        if (row.State != InstanceStates.Stopped || row.Handle is not null || row.Reason != reason || row.LeaseOwner is not null)
            await repository.MarkStoppedAsync(row.ProjectId, reason, suspended, cancellationToken);
    }

    private async Task RecordFailureAsync(InstanceRow row, string reason, CancellationToken cancellationToken)
    {
        // A crash after a long healthy run starts the backoff over; repeated crashes double it.
        var recent = row.StartedAt is { } started && clock.GetUtcNow().UtcDateTime - started < TimeSpan.FromMinutes(5);
        var failures = recent || row.State == InstanceStates.Failed ? row.FailureCount + 1 : 1;
        var backoff = TimeSpan.FromTicks(Math.Min(Options.MaxRestartBackoff.Ticks,
            Options.RestartBackoff.Ticks * (1L << Math.Min(failures - 1, 20))));
        await repository.MarkFailedAsync(row.ProjectId, reason, failures, clock.GetUtcNow().UtcDateTime + backoff, cancellationToken);
        logger.LogWarning("LS instance of project {ProjectId} failed ({Failures} in a row), retry in {Backoff}: {Reason}",
            row.ProjectId, failures, backoff, reason);
    }

    private async Task<AdminSecrets> AdminSecretsAsync(InstanceRow row, CancellationToken cancellationToken)
    {
        if (row.AdminSecrets is not null)
            return AdminSecrets.FromJson(secrets.Unprotect(row.AdminSecrets));
        var generated = AdminSecrets.Generate();
        row.AdminSecrets = secrets.Protect(generated.ToJson());
        await repository.SaveSecretsAsync(row.ProjectId, row.AdminSecrets, cancellationToken);
        return generated;
    }

    private string LogTail(InstanceRow row) => runtime is ProcessRuntime
        ? " " + ProcessRuntime.LogTail(Path.Combine(launchSettings.DataRoot, $"project-{row.ProjectId}"))
        : "";

    private static Uri AddressOf(int port) => new($"http://127.0.0.1:{port}/");
}
