using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Labelit.Data;

public static class RedisExtensions
{
    /// <summary>The connection string name the AppHost passes: ConnectionStrings__redis.</summary>
    public const string ConnectionName = "redis";

    /// <summary>
    /// Aspire's Redis client (IConnectionMultiplexer, health check, traces) when the AppHost passes a
    /// Redis; a service started alone without one (tests, a one-off command) runs without it.
    /// </summary>
    public static IHostApplicationBuilder AddLabelitRedis(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            builder.AddRedisClient(ConnectionName);
        }
        return builder;
    }
}
