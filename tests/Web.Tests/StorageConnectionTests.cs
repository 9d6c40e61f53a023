using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Labelit.TestSupport;
using Labelit.Web.Audit;
using Labelit.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>Named storage connections through the admin pages, checked against the database a user cannot see.</summary>
public sealed class StorageConnectionTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Pages = "/admin/storage/connections";

    [Fact]
    public async Task A_new_connection_keeps_its_secret_encrypted_and_no_page_or_audit_entry_shows_it()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var secret = $"plain-secret-{Guid.NewGuid():N}";
        var name = UniqueName("photos");

        var response = await PostAsync(admin, $"{Pages}/new", Fields(name, secret: secret));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
        var row = await RowAsJsonAsync(id);
        Assert.Contains(name, row);
        Assert.DoesNotContain(secret, row);
        var stored = await StoredSecretAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(secret, app.Services.GetRequiredService<StorageSecrets>().Unprotect(stored));

        var editPage = await admin.GetStringAsync($"{Pages}/{id}");
        Assert.Contains(name, editPage);
        Assert.Contains("one is stored", editPage);
        Assert.DoesNotContain(secret, editPage);
        Assert.DoesNotContain(stored, editPage);
        Assert.DoesNotContain(secret, await admin.GetStringAsync(Pages));
        var audit = await app.Services.GetRequiredService<AuditLog>().ReadAsync(new AuditQuery(EntityType: "storage-connection"));
        var entry = Assert.Single(audit, e => e.EntityId == id);
        Assert.Contains(name, entry.Summary);
        Assert.DoesNotContain(secret, entry.Summary);
    }

    [Fact]
    public async Task Saving_the_edit_form_with_an_empty_secret_keeps_the_stored_one_and_removing_it_is_explicit()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var secret = $"kept-{Guid.NewGuid():N}";
        var id = await CreateAsync(admin, UniqueName("kept"), secret: secret);
        var before = await StoredSecretAsync(id);
        var renamed = UniqueName("renamed");

        var saved = await PostAsync(admin, $"{Pages}/{id}", Fields(renamed, secret: "", version: await VersionAsync(id)));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(renamed, await RowAsJsonAsync(id));
        Assert.Equal(before, await StoredSecretAsync(id));

        // Without the secret, S3 wants no key id either (default credential chain).
        var fields = Fields(renamed, secret: "", version: await VersionAsync(id));
        fields["Form.AccessKeyId"] = "";
        fields["Form.RemoveSecret"] = "true";
        var removed = await PostAsync(admin, $"{Pages}/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await StoredSecretAsync(id));
        Assert.Contains("none is stored", await admin.GetStringAsync($"{Pages}/{id}"));
    }

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // field, value, expected message, name suffix
        { "Form.Kind", "ftp", "No loaded storage plugin provides kind 'ftp'", "kind" },
        { "Form.Endpoint", "not a url", "must be an absolute http:// or https:// URL", "endpoint" },
        { "Form.Name", new string('n', 101), "The name must have at most 100 characters.", "" },
        { "Form.Name", "   ", "Give the connection a name", "" },
        { "Form.Options", "compatibilityMode", "must be key=value", "options" },
        { "Form.Options", "colour=blue", "Unknown S3 option 'colour'", "option-key" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_clear_message_and_stores_nothing(string field, string value, string message, string suffix)
    {
        var admin = await app.SignedInAsync(app.Admin);
        var before = await CountAsync();
        var fields = Fields(UniqueName(suffix), secret: "s3cret");
        fields[field] = value;

        var response = await PostAsync(admin, $"{Pages}/new", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page);
        Assert.DoesNotContain("s3cret", page);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_second_connection_with_the_same_name_in_any_case_is_refused()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var name = UniqueName("twice");
        await CreateAsync(admin, name);
        var otherId = await CreateAsync(admin, UniqueName("other"));

        var duplicate = await PostAsync(admin, $"{Pages}/new", Fields(name.ToUpperInvariant()));
        var renamedOnto = await PostAsync(admin, $"{Pages}/{otherId}", Fields(name, version: await VersionAsync(otherId)));

        foreach (var response in new[] { duplicate, renamedOnto })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("A storage connection with this name already exists.", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, await CountAsync(name));
        Assert.DoesNotContain(name, await RowAsJsonAsync(otherId));
    }

    [Fact]
    public async Task Test_connection_to_a_closed_port_says_the_endpoint_is_unreachable_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var endpoint = $"http://127.0.0.1:{ClosedPort()}";
        var id = await CreateAsync(admin, UniqueName("unreachable"), endpoint: endpoint);
        var before = await RowAsJsonAsync(id);

        var response = await PostAsync(admin, $"{Pages}/{id}?handler=Test", new() { ["Location"] = "s3://bucket/prefix/" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Endpoint unreachable:", page);
        Assert.Contains($"Cannot reach {endpoint}", page);
        Assert.Equal(before, await RowAsJsonAsync(id));
    }

    [Fact]
    public async Task Test_connection_without_a_location_asks_for_one()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var id = await CreateAsync(admin, UniqueName("no-location"));

        var response = await PostAsync(admin, $"{Pages}/{id}?handler=Test", new() { ["Location"] = "" });

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Invalid location:", page);
        Assert.Contains("Enter a location to list, e.g. s3://bucket/prefix/.", page);
    }

    [Fact]
    public async Task Deleting_asks_for_confirmation_then_removes_the_connection_and_audits_it()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var name = UniqueName("doomed");
        var id = await CreateAsync(admin, name);

        var confirmation = await admin.GetStringAsync($"{Pages}/{id}/delete");
        Assert.Contains($"Delete {name}?", WebUtility.HtmlDecode(confirmation));
        Assert.Equal(1, await CountAsync(name));

        var stale = await PostAsync(admin, $"{Pages}/{id}/delete", new() { ["Version"] = "999" });
        Assert.Contains("Someone else changed this connection", await stale.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync(name));

        var deleted = await PostAsync(admin, $"{Pages}/{id}/delete", new() { ["Version"] = (await VersionAsync(id)).ToString() });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await CountAsync(name));
        var audit = await app.Services.GetRequiredService<AuditLog>().ReadAsync(new AuditQuery(EntityType: "storage-connection", Action: "deleted"));
        Assert.Contains(audit, e => e.EntityId == id && e.Summary.Contains(name));
    }

    [Fact]
    public async Task A_connection_whose_plugin_is_gone_keeps_its_kind_on_the_edit_page()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var id = await CreateAsync(admin, UniqueName("orphan"));
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE storage_connections SET kind = 'retired' WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync();
        }

        var page = await admin.GetStringAsync($"{Pages}/{id}");

        Assert.Contains("<option value=\"retired\" selected=\"selected\">retired (no plugin loaded)</option>", page);
        Assert.Contains("retired (no plugin loaded)", await admin.GetStringAsync(Pages));
    }

    [Fact]
    public async Task The_storage_page_links_to_the_connections()
    {
        var admin = await app.SignedInAsync(app.Admin);
        Assert.Contains($"href=\"{Pages}\"", await admin.GetStringAsync("/admin/storage"));
    }

    [Fact]
    public async Task Test_connection_against_a_real_s3_server_reports_success_and_a_missing_bucket()
    {
        await using var fauxqs = await Fauxqs.StartAsync();
        var bucket = $"labelit-{Guid.NewGuid():N}"[..30];
        using (var http = new HttpClient())
        {
            // fauxqs takes unsigned requests; the plugin's signed ones are what the test button exercises.
            (await http.PutAsync($"{fauxqs.Endpoint}/{bucket}", null)).EnsureSuccessStatusCode();
        }
        var admin = await app.SignedInAsync(app.Admin);
        var fields = Fields(UniqueName("fauxqs"), endpoint: fauxqs.Endpoint, secret: "test");
        fields["Form.AccessKeyId"] = "test";
        var created = await PostAsync(admin, $"{Pages}/new", fields);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);

        var works = await PostAsync(admin, $"{Pages}/{id}?handler=Test", new() { ["Location"] = $"s3://{bucket}/images/" });
        var missing = await PostAsync(admin, $"{Pages}/{id}?handler=Test", new() { ["Location"] = "s3://no-such-bucket-here/" });

        Assert.Contains("Works:", WebUtility.HtmlDecode(await works.Content.ReadAsStringAsync()));
        var missingPage = WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync());
        Assert.Contains("Missing bucket:", missingPage);
        Assert.Contains("no-such-bucket-here", missingPage);
    }

    [Fact]
    public async Task The_api_creates_tests_and_deletes_a_connection_and_never_returns_the_secret()
    {
        var api = app.WithToken(app.Admin);
        var secret = $"api-secret-{Guid.NewGuid():N}";
        var name = UniqueName("api");
        var endpoint = $"http://127.0.0.1:{ClosedPort()}";

        var created = await api.PostAsJsonAsync("/api/v1/storage-connections/", new
        {
            name, kind = "s3", endpoint, forcePathStyle = true, accessKeyId = "test-key", secret,
            options = new Dictionary<string, string> { ["compatibilityMode"] = "true" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body);
        var connection = JsonDocument.Parse(body).RootElement;
        Assert.True(connection.GetProperty("hasSecret").GetBoolean());
        Assert.Equal("true", connection.GetProperty("options").GetProperty("compatibilityMode").GetString());
        var id = connection.GetProperty("id").GetInt64();
        Assert.DoesNotContain(secret, await api.GetStringAsync("/api/v1/storage-connections/"));

        var test = await api.PostAsJsonAsync($"/api/v1/storage-connections/{id}/test", new { location = "s3://bucket/prefix/" });
        var answer = JsonDocument.Parse(await test.Content.ReadAsStringAsync()).RootElement;
        Assert.False(answer.GetProperty("succeeded").GetBoolean());
        Assert.Equal("UnreachableEndpoint", answer.GetProperty("failure").GetString());

        var unknownKind = await api.PostAsJsonAsync("/api/v1/storage-connections/", new { name = UniqueName("api-bad"), kind = "ftp" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        var errors = JsonDocument.Parse(await unknownKind.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")
            .EnumerateObject().SelectMany(field => field.Value.EnumerateArray()).Select(message => message.GetString());
        Assert.Contains(errors, message => message!.StartsWith("No loaded storage plugin provides kind 'ftp'", StringComparison.Ordinal));

        var stale = await api.DeleteAsync($"/api/v1/storage-connections/{id}?version=999");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var deleted = await api.DeleteAsync($"/api/v1/storage-connections/{id}?version={await VersionAsync(id)}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await CountAsync(name));
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    private static Dictionary<string, string> Fields(string name, string endpoint = "http://127.0.0.1:9000", string secret = "test-secret", int version = 0) => new()
    {
        ["Form.Name"] = name,
        ["Form.Kind"] = "s3",
        ["Form.Endpoint"] = endpoint,
        ["Form.Region"] = "us-east-1",
        ["Form.ForcePathStyle"] = "true",
        ["Form.AccessKeyId"] = "test-key",
        ["Form.Secret"] = secret,
        ["Form.Options"] = "",
        ["Form.Version"] = version.ToString(),
    };

    private async Task<long> CreateAsync(HttpClient admin, string name, string endpoint = "http://127.0.0.1:9000", string secret = "test-secret")
    {
        var response = await PostAsync(admin, $"{Pages}/new", Fields(name, endpoint, secret));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    /// <summary>Posts like a browser: the antiforgery token comes from the page the form is on.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var formPage = await client.GetStringAsync(url.Split('?')[0]);
        fields["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(formPage);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<string> RowAsJsonAsync(long id) =>
        (string)(await ScalarAsync("SELECT row_to_json(c)::text FROM storage_connections c WHERE id = @id", id))!;

    private async Task<string?> StoredSecretAsync(long id) =>
        await ScalarAsync("SELECT secret FROM storage_connections WHERE id = @id", id) as string;

    private async Task<int> VersionAsync(long id) =>
        (int)(await ScalarAsync("SELECT version FROM storage_connections WHERE id = @id", id))!;

    private async Task<long> CountAsync(string? name = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM storage_connections WHERE @name::text IS NULL OR lower(name) = lower(@name)", connection);
        command.Parameters.AddWithValue("name", (object?)name ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<object?> ScalarAsync(string sql, long id)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>npm fauxqs (installed for tests/Plugins.Tests by scripts/test.sh) on a free loopback port.</summary>
    private sealed class Fauxqs : IAsyncDisposable
    {
        private readonly Process _process;

        private Fauxqs(Process process, string endpoint) => (_process, Endpoint) = (process, endpoint);

        public string Endpoint { get; }

        public static async Task<Fauxqs> StartAsync()
        {
            var node = Path.Combine(RepositoryPaths.Root, "tests", "Plugins.Tests", "node");
            if (!File.Exists(Path.Combine(node, "node_modules", "fauxqs", "package.json")))
            {
                throw new InvalidOperationException($"fauxqs is not installed in {node}/node_modules: run scripts/test.sh (it installs the test servers) first.");
            }
            var start = new ProcessStartInfo("node", [Path.Combine(node, "start-fauxqs.mjs"), "0"])
            {
                WorkingDirectory = node, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            const string ready = "fauxqs listening on port ";
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null || !line.StartsWith(ready, StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"fauxqs did not start: it printed '{line}'.");
            }
            return new Fauxqs(process, $"http://127.0.0.1:{int.Parse(line[ready.Length..])}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
