using Dapper;
using Labelit.Data;
using Labelit.Data.Protection;
using Labelit.Data.Storage;
using Labelit.Worker.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Labelit.Worker.Tests.Exports;

/// <summary>Adds storage connections as the admin pages save them: the secret encrypted with the installation's key ring.</summary>
public static class StorageConnections
{
    public static async Task<long> AddS3Async(Installation labelit, string name, string endpoint, string accessKeyId, string secret)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionName}"] = labelit.ConnectionString;
        builder.Configuration["DataProtection:MasterKey"] = labelit.MasterKey;
        builder.Services.AddLogging();
        builder.AddLabelitData();
        builder.AddLabelitDataProtection();
        using var host = builder.Build();
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(StorageConnectionReader.SecretPurpose);
        await using var connection = new NpgsqlConnection(labelit.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO storage_connections (name, kind, endpoint, region, force_path_style, access_key_id, secret)
            VALUES (@name, 's3', @endpoint, 'us-east-1', true, @accessKeyId, @secret) RETURNING id
            """, new { name, endpoint, accessKeyId, secret = protector.Protect(secret) });
    }
}
