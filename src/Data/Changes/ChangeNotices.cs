using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Labelit.Data.Changes;

/// <summary>One row change PostgreSQL announced on the labelit_changes channel.</summary>
/// <param name="RowId">The changed row's own id, for notices that carry one (dataset_syncs).</param>
public readonly record struct ChangeNotice(string Table, long? ProjectId, long? UserId, long? RowId)
{
    /// <summary>The notice a payload such as <c>{"table":"projects","project_id":7}</c> announces, or null when it cannot be read.</summary>
    public static ChangeNotice? Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var json = document.RootElement;
            return new ChangeNotice(json.GetProperty("table").GetString() ?? "", Number(json, "project_id"), Number(json, "user_id"), Number(json, "id"));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static long? Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}

/// <summary>
/// Hears PostgreSQL's change notices (NOTIFY labelit_changes) on one connection and passes them on,
/// so caches and the route table follow the database within milliseconds. While the connection is
/// down nothing can be trusted to be announced: <see cref="IsListening"/> is false and
/// <see cref="Lost"/> tells caches to forget everything, and <see cref="Listening"/> says when notices
/// flow again (changes made meanwhile were not announced). One connection per process, whoever listens.
/// </summary>
public sealed class ChangeNotices(NpgsqlDataSource dataSource, ILogger<ChangeNotices> logger) : BackgroundService
{
    public event Action<ChangeNotice>? Changed;

    public event Action? Lost;

    public event Action? Listening;

    public const string Channel = "labelit_changes";

    /// <summary>
    /// Hears every notice, and every time notices flow again after a gap (a full pass then catches up),
    /// until the returned subscription is disposed.
    /// </summary>
    public IDisposable Subscribe(Action<ChangeNotice> onChange, Action onListening)
    {
        Changed += onChange;
        Listening += onListening;
        return new Subscription(() =>
        {
            Changed -= onChange;
            Listening -= onListening;
        });
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }

    /// <summary>Registers the listener once, however many features ask for it.</summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ChangeNotices)))
            return;
        services.AddSingleton<ChangeNotices>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeNotices>());
    }

    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notice) => Publish(notice.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                IsListening = true;
                Listening?.Invoke();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Lost PostgreSQL change notices ({Message}); listening again", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            finally
            {
                IsListening = false;
                Lost?.Invoke();
            }
        }
    }

    private void Publish(string payload)
    {
        if (ChangeNotice.Parse(payload) is not { } notice)
        {
            Lost?.Invoke(); // an unreadable notice: forget everything rather than miss a change
            return;
        }
        // Each listener on its own: one that throws must not stop the others, nor the listening.
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<ChangeNotice>>() ?? [])
        {
            try
            {
                handler(notice);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "A change notice listener failed on {Payload}", payload);
            }
        }
    }
}
