using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;

namespace Labelit.Web.Tests;

/// <summary>Uploads, sync requests and cancels are in the audit log, under the person who did them.</summary>
public sealed class DatasetAuditTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task An_upload_its_sync_and_a_cancel_are_audited_under_the_manager()
    {
        var manager = app.WithToken(app.ManagerOwner);
        var created = await (await manager.PostAsJsonAsync("/api/v1/projects/", new
        {
            name = "Uploads " + Guid.NewGuid().ToString("N")[..6],
            labelConfig = "<View><Image name=\"image\" value=\"$image\"/><Choices name=\"c\" toName=\"image\"><Choice value=\"A\"/></Choices></View>",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        var browser = await app.SignedInAsync(app.ManagerOwner);
        var page = await browser.GetStringAsync($"/projects/{id}/dataset");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(SignInClient.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent([1, 2, 3]), "files", "heron.jpg" },
            { new ByteArrayContent([4, 5, 6]), "files", "gull.jpg" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/projects/{id}/dataset?handler=Upload", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await manager.PostAsync($"/api/v1/projects/{id}/dataset/syncs/cancel", null)).StatusCode);

        var entries = (await app.WithToken(app.Admin).GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=project&limit=1000"))
            .EnumerateArray().Where(e => e.GetProperty("entityId").GetInt64() == id).ToList();
        string Summary(string action) => Assert.Single(entries, e => e.GetProperty("action").GetString() == action).GetProperty("summary").GetString()!;
        Assert.Equal("Uploaded 2 files: heron.jpg, gull.jpg", Summary("uploaded"));
        Assert.Equal("Requested a dataset sync", Summary("sync requested"));
        Assert.Equal("Cancelled the dataset sync", Summary("sync cancelled"));
        Assert.All(entries, e => Assert.Equal(app.ManagerOwner.DisplayName, e.GetProperty("actorName").GetString()));
    }
}
