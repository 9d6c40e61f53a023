using System.Text.Json;
using Npgsql;

namespace Labelit.Web.Changes;

/// <summary>One row change PostgreSQL announced on the labelit_changes channel.</summary>
public readonly record struct ChangeNotice(string Table, long? ProjectId, long? UserId);

/// <summary>
/// Hears PostgreSQL's change notices (NOTIFY labelit_changes) on one connection and passes them on,
/// so caches and the route table follow the database within milliseconds. While the connection is
/// down nothing can be trusted to be announced: <see cref="IsListening"/> is false and
/// <see cref="Lost"/> tells caches to forget everything.
/// </summary>
public sealed class ChangeNotices(NpgsqlDataSource dataSource, ILogger<ChangeNotices> logger) : BackgroundService
{
    public event Action<ChangeNotice>? Changed;

    public event Action? Lost;

    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notice) => Publish(notice.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN labelit_changes", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                IsListening = true;
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
        try
        {
            var json = JsonDocument.Parse(payload).RootElement;
            Changed?.Invoke(new ChangeNotice(
                json.GetProperty("table").GetString() ?? "",
                json.TryGetProperty("project_id", out var project) && project.ValueKind == JsonValueKind.Number ? project.GetInt64() : null,
                json.TryGetProperty("user_id", out var user) && user.ValueKind == JsonValueKind.Number ? user.GetInt64() : null));
        }
        catch (JsonException)
        {
            Lost?.Invoke(); // an unreadable notice: forget everything rather than miss a change
        }
    }
}
