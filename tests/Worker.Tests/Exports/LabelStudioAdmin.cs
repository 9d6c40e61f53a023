using Labelit.TestSupport;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Tests.Support;
using Npgsql;

namespace Labelit.Worker.Tests.Exports;

/// <summary>The project's LS instance reached with its admin token, to fill it with tasks and annotations in bulk.</summary>
public sealed class LabelStudioAdmin : IDisposable
{
    private readonly HttpClient _http;
    private readonly int _lsProjectId;

    private LabelStudioAdmin(HttpClient http, int lsProjectId)
    {
        _http = http;
        _lsProjectId = lsProjectId;
    }

    public static async Task<LabelStudioAdmin> ForAsync(Installation labelit, long projectId)
    {
        await using var connection = new NpgsqlConnection(labelit.ConnectionString);
        var row = await connection.QuerySingleAsync<(string Address, int LsProjectId, string Secrets)>(
            "SELECT address, ls_project_id, admin_secrets FROM ls_instances WHERE project_id = @projectId", new { projectId });
        var admin = AdminSecrets.FromJson(labelit.Secrets.Unprotect(row.Secrets));
        var http = new HttpClient { BaseAddress = new Uri(row.Address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", admin.Token);
        return new LabelStudioAdmin(http, row.LsProjectId);
    }

    /// <summary>Imports <paramref name="count"/> text tasks, each with one annotation choosing A or B.</summary>
    public async Task ImportAnnotatedAsync(int count, string prefix = "task")
    {
        var tasks = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            tasks.Add(new JsonObject
            {
                ["data"] = new JsonObject { ["text"] = $"{prefix} {i}" },
                ["annotations"] = new JsonArray(new JsonObject
                {
                    ["result"] = new JsonArray(new JsonObject
                    {
                        ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
                        ["value"] = new JsonObject { ["choices"] = new JsonArray(i % 2 == 0 ? "A" : "B") },
                    }),
                }),
            });
        }
        using var response = await _http.PostAsync($"api/projects/{_lsProjectId}/import", LabelStudioJson.Body(tasks));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
