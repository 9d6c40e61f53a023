using Microsoft.Extensions.Logging;

namespace Labelit.AppHost.Services;

internal static class HealthWaiter
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Polls each service's /health until all answer 200; false when the limit passes first.</summary>
    public static async Task<bool> WaitAsync(IReadOnlyList<(string Name, string Url)> services, ILogger logger, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Limit;
        var waiting = services.ToList();
        while (waiting.Count > 0)
        {
            foreach (var service in waiting.ToList())
            {
                if (await IsHealthyAsync(http, service.Url.Replace("0.0.0.0", "127.0.0.1") + "/health", cancellationToken))
                {
                    logger.LogInformation("{Service} is healthy at {Url}", service.Name, service.Url);
                    waiting.Remove(service);
                }
            }
            if (waiting.Count == 0)
            {
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                logger.LogError("Not healthy after {Minutes} minutes: {Services}", Limit.TotalMinutes, string.Join(", ", waiting.Select(s => s.Name)));
                return false;
            }
            await Task.Delay(250, cancellationToken);
        }
        return true;
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
