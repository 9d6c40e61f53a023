using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Data.Protection;

public static class DataProtectionExtensions
{
    /// <summary>One key ring for all of Labelit: in PostgreSQL, encrypted under the master key.</summary>
    public static IHostApplicationBuilder AddLabelitDataProtection(this IHostApplicationBuilder builder)
    {
        var masterKey = MasterKey.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(masterKey);
        builder.Services.AddDataProtection().SetApplicationName("Labelit");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
            {
                options.XmlRepository = new PostgresXmlRepository(provider.GetRequiredService<NpgsqlDataSource>());
                options.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey);
            }));
        // Storage credentials are decrypted with this key ring, so their reader lives with it.
        builder.Services.AddSingleton<Storage.StorageConnectionReader>();
        return builder;
    }
}
