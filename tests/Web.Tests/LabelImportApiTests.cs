using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The label import API: the dry run writes nothing and says what would happen; an import is
/// queued for a Worker with its summary and audit entry; a bad file is refused in words.</summary>
public sealed class LabelImportApiTests(WebAppFixture app) : IClassFixture<WebAppFixture>, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("labelit-web-labels-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private const string Coco = """
        {"images": [{"id": 1, "file_name": "street/cam1.jpg", "width": 1000, "height": 500},
                    {"id": 2, "file_name": "nowhere.jpg", "width": 1000, "height": 500}],
         "categories": [{"id": 1, "name": "Car"}, {"id": 2, "name": "Bicycle"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [100, 50, 200, 100]},
                         {"id": 2, "image_id": 1, "category_id": 2, "bbox": [100, 50, 200, 100]},
                         {"id": 3, "image_id": 1, "category_id": 1, "bbox": [900, 50, 200, 100]},
                         {"id": 4, "image_id": 2, "category_id": 1, "bbox": [100, 50, 200, 100]}]}
        """;

    [Fact]
    public async Task A_dry_run_says_what_an_import_would_do_and_stores_nothing()
    {
        await AddTaskObjectAsync("s3://bucket/street/cam1.jpg");
        var before = await CountAsync("label_imports");

        var response = await PostAsync("format=COCO&dryRun=true", Coco, "coco.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = summary.RootElement;
        // Four boxes: one goes to the task, and three are left out, each for its reason.
        Assert.Equal((2, 1, 1), (root.GetProperty("labelsRead").GetInt32(), root.GetProperty("labelsToImport").GetInt32(), root.GetProperty("tasksToLabel").GetInt32()));
        var counts = root.GetProperty("problemCounts");
        Assert.Equal(1, counts.GetProperty("unknown label").GetInt32());
        Assert.Equal(1, counts.GetProperty("box outside the image").GetInt32());
        Assert.Equal(1, counts.GetProperty("file matching no task").GetInt32());
        Assert.Equal(before, await CountAsync("label_imports"));
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "label-imports")) && Directory.EnumerateFileSystemEntries(Path.Combine(_dataDirectory, "label-imports")).Any());
    }

    [Fact]
    public async Task An_import_is_queued_for_a_worker_with_its_summary_and_audited()
    {
        await AddTaskObjectAsync("s3://bucket/street/cam1.jpg");

        var response = await PostAsync("format=COCO&dryRun=false&mode=predictions&modelVersion=detector-v3", Coco, "coco.json");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("queued", "predictions", "detector-v3", 1), (run.GetProperty("status").GetString(), run.GetProperty("mode").GetString(),
            run.GetProperty("modelVersion").GetString(), run.GetProperty("labelsTotal").GetInt32()));
        Assert.Equal(1, run.GetProperty("summary").GetProperty("labelsToImport").GetInt32()); // the dry run's summary, read back from the run
        var id = run.GetProperty("id").GetInt64();
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "label-imports", $"run-{id}", "coco.json")));
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        Assert.Contains("detector-v3", await connection.ExecuteScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'imported labels' ORDER BY id DESC LIMIT 1"));

        // A second import while this one waits is refused, and its file is not kept.
        var second = await PostAsync("format=COCO&dryRun=false", Coco, "coco.json");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("wait for it to finish", await second.Content.ReadAsStringAsync());
        await connection.ExecuteAsync("UPDATE label_imports SET status = 'failed' WHERE id = @id", new { id });
    }

    [Fact]
    public async Task A_malformed_file_is_refused_with_where_and_nothing_is_stored()
    {
        var before = await CountAsync("label_imports");

        var response = await PostAsync("format=COCO&dryRun=false", "{\"images\": [{\"id\": 1,,}]}", "coco.json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not valid JSON near line 1", body);
        Assert.Equal(before, await CountAsync("label_imports"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_import()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/projects/{id}/dataset/labels/", document);
        Assert.Contains("dryRun", document);
    }

    private async Task<HttpResponseMessage> PostAsync(string query, string fileText, string fileName)
    {
        var factory = app.WithWebHostBuilder(b => b.UseSetting("Labelit:DataDirectory", _dataDirectory));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.Tokens[app.ManagerOwner.Id]);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(fileText)), "file", fileName } };
        return await client.PostAsync($"/api/v1/projects/{app.Project.Id}/dataset/labels/?{query}", form);
    }

    private async Task AddTaskObjectAsync(string location)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync("""
            INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@projectId, @location, 1, 'imported')
            ON CONFLICT DO NOTHING
            """, new { projectId = app.Project.Id, location });
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
