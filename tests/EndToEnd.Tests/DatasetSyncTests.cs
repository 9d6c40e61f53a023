using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.Playwright;
using static Labelit.EndToEnd.Tests.DatasetSteps;

namespace Labelit.EndToEnd.Tests;

/// <summary>A bucket of images becomes a project's tasks, stays in step on re-sync, and its media reach only the project's people.</summary>
public sealed class DatasetSyncTests(DatasetStack stack, Browser browser) : IClassFixture<DatasetStack>, IClassFixture<Browser>
{
    private const int ObjectCount = 5000;
    private static readonly byte[] RedImage = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg==");
    private static readonly byte[] BlueImage = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAUAAAAECAIAAADJUWIXAAAAEUlEQVR4nGOQkzuBjBhI5AMAfRYUUfEHBX4AAAAASUVORK5CYII=");

    [Fact]
    public async Task Five_thousand_objects_become_five_thousand_tasks_and_re_syncs_add_only_what_is_new()
    {
        var objects = Enumerable.Range(1, ObjectCount).Select(i => ($"photos/img-{i:D4}.png", RedImage))
            .Append(("photos/README.txt", "not an image"u8.ToArray()))   // left out by the filter
            .Append(("other/img-9999.png", RedImage))                      // outside the location
            .ToList();
        await stack.S3.PutObjectsAsync(stack.Bucket, objects);
        var projectId = await CreateProjectAsync("Photos", "*.png");
        await stack.AssignAsync("mia@example.com", projectId, "ann@example.com");
        var mia = stack.Api("mia@example.com");

        var first = await SyncAsync(mia, projectId);
        Assert.Equal(("succeeded", ObjectCount, ObjectCount, ObjectCount), (first.Status, first.Listed, first.Added, first.Imported));
        Assert.Equal(ObjectCount, await stack.LabelStudioTaskCountAsync("photos"));

        var second = await SyncAsync(mia, projectId);
        Assert.Equal(("succeeded", ObjectCount, 0, 0), (second.Status, second.Listed, second.Added, second.Imported));
        Assert.Equal(ObjectCount, await stack.LabelStudioTaskCountAsync("photos"));

        // One image is replaced, one deleted, one added.
        await stack.S3.PutObjectsAsync(stack.Bucket, [("photos/img-0001.png", BlueImage), ("photos/img-5001.png", RedImage)]);
        using (var raw = stack.S3.CreateRawClient())
            await raw.DeleteObjectAsync(new DeleteObjectRequest { BucketName = stack.Bucket, Key = "photos/img-0002.png" });
        var third = await SyncAsync(mia, projectId);
        Assert.Equal(("succeeded", 1, 1, 1, 1), (third.Status, third.Added, third.Changed, third.Removed, third.Imported));
        Assert.Equal(ObjectCount + 1, await stack.LabelStudioTaskCountAsync("photos"));
        var counts = (await mia.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/dataset/")).GetProperty("objects");
        Assert.Equal((ObjectCount + 1, 1, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("changed").GetInt32(), counts.GetProperty("removed").GetInt32()));

        // The replaced image's task shows its new content, to the project's annotator only.
        var mediaUrl = await stack.MediaUrlAsync("photos", "img-0001.png");
        var ann = await stack.SignedInAsync("ann@example.com");
        var media = await ann.GetAsync(mediaUrl);
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        Assert.Equal("image/png", media.Content.Headers.ContentType?.MediaType);
        Assert.Equal(BlueImage, await media.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", media.Headers.GetValues("Content-Security-Policy").Single());
        var bob = await stack.SignedInAsync("bob@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(mediaUrl)).StatusCode);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(stack.Url) };
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(mediaUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync(await stack.MediaUrlAsync("photos", "img-0002.png"))).StatusCode);
    }

    [Fact]
    public async Task An_annotator_sees_the_bucket_image_in_the_labelling_page_and_the_manager_sees_the_sync_on_the_dataset_page()
    {
        await stack.S3.PutObjectsAsync(stack.Bucket, [("birds/robin.png", RedImage), ("birds/wren.png", BlueImage)]);
        var projectId = await CreateProjectAsync("Birds", null);
        await stack.AssignAsync("mia@example.com", projectId, "ann@example.com");
        try
        {
            var mia = await browser.SignInAsync(stack.Url, "mia@example.com", LabelitStack.Password);
            await mia.GotoAsync($"/projects/{projectId}/dataset");
            await mia.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("#dataset-counts"), "2 with a task", TimeSpan.FromMinutes(2));
            await PageAssert.ThatTextAsync(mia.Locator("#sync-history"), "succeeded");
            await Browser.ScreenshotAsync(mia, "dataset-synced");

            var ann = await browser.SignInAsync(stack.Url, "ann@example.com", LabelitStack.Password);
            await ann.GotoAsync("/projects/birds/label");
            var image = ann.Locator("img[alt='image']");
            await image.WaitForAsync(new() { Timeout = 60_000 });
            await ann.WaitForFunctionAsync("() => { const i = document.querySelector(\"img[alt='image']\"); return i && i.complete && i.naturalWidth > 0; }");
            var width = await image.EvaluateAsync<int>("i => i.naturalWidth");
            Assert.Contains(width, new[] { 3, 5 }); // the red (3 px) or the blue (5 px) test image, decoded by the browser
            await Browser.ScreenshotAsync(ann, "bucket-image-in-labelling");
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("dataset-failure");
            throw;
        }
    }

    [Fact]
    public async Task A_manager_uploads_files_that_become_tasks_and_a_bad_file_name_stores_nothing()
    {
        var response = await stack.Api("mia@example.com").PostAsJsonAsync("/api/v1/projects/", new { name = "Uploads", labelConfig = DatasetStack.ImageConfig });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var projectId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        try
        {
            var mia = await browser.SignInAsync(stack.Url, "mia@example.com", LabelitStack.Password);
            await mia.GotoAsync($"/projects/{projectId}/dataset");
            await mia.Locator("input[type=file]").SetInputFilesAsync(new[]
            {
                new FilePayload { Name = "good.png", MimeType = "image/png", Buffer = RedImage },
                new FilePayload { Name = ".hidden.png", MimeType = "image/png", Buffer = RedImage },
            });
            await mia.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("[role=status]"), "Nothing was uploaded. \".hidden.png\": file names may not start with a dot.");
            await PageAssert.ThatTextAsync(mia.Locator("#dataset-counts"), "0 objects");

            await mia.Locator("input[type=file]").SetInputFilesAsync(new[]
            {
                new FilePayload { Name = "first.png", MimeType = "image/png", Buffer = RedImage },
                new FilePayload { Name = "second.png", MimeType = "image/png", Buffer = BlueImage },
            });
            await mia.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            await PageAssert.ThatTextAsync(mia.Locator("[role=status]"), "Uploaded 2 files");
            await PageAssert.ThatTextAsync(mia.Locator("#dataset-counts"), "2 with a task", TimeSpan.FromMinutes(2));
        }
        catch
        {
            await browser.ScreenshotEveryPageAsync("upload-failure");
            throw;
        }
        Assert.Equal(2, await stack.LabelStudioTaskCountAsync("uploads"));
        var ann = await stack.SignedInAsync("mia@example.com");
        var media = await ann.GetAsync(await stack.MediaUrlAsync("uploads", "second.png"));
        Assert.Equal(BlueImage, await media.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_cancelled_sync_creates_no_task_and_the_next_sync_creates_them_all()
    {
        await stack.S3.PutObjectsAsync(stack.Bucket, Enumerable.Range(1, 300).Select(i => ($"cancelled/shot-{i:D3}.png", RedImage)).ToList());
        var projectId = await CreateProjectAsync("Cancelled", null);
        var mia = stack.Api("mia@example.com");

        // Cancelled at once: the run is still queued, or waiting for the new project's LS to start.
        Assert.Equal(HttpStatusCode.Accepted, (await mia.PostAsync($"/api/v1/projects/{projectId}/dataset/syncs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await mia.PostAsync($"/api/v1/projects/{projectId}/dataset/syncs/cancel", null)).StatusCode);
        var cancelled = await WaitForEndAsync(mia, projectId);
        Assert.Equal(("cancelled", 0), (cancelled.Status, cancelled.Imported));
        Assert.Equal(HttpStatusCode.Conflict, (await mia.PostAsync($"/api/v1/projects/{projectId}/dataset/syncs/cancel", null)).StatusCode);
        Assert.Equal(0, await stack.LabelStudioTaskCountAsync("cancelled"));

        var next = await SyncAsync(mia, projectId);
        Assert.Equal(("succeeded", 300, 300), (next.Status, next.Added, next.Imported));
        Assert.Equal(300, await stack.LabelStudioTaskCountAsync("cancelled"));
    }

    [Fact]
    public async Task A_presigned_connection_sends_the_projects_people_to_a_short_lived_bucket_url()
    {
        var admin = stack.Api("admin@example.com");
        var misspelt = await admin.PostAsJsonAsync("/api/v1/storage-connections/", new
        {
            name = "Misspelt bucket", kind = "s3", endpoint = stack.S3.Endpoint, forcePathStyle = true, mediaDelivery = "presign",
        });
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("Media delivery must be one of labelit, presigned.", await misspelt.Content.ReadAsStringAsync());
        var connectionId = await CreateConnectionAsync(admin, "Presigned bucket", mediaDelivery: "presigned");
        await stack.S3.PutObjectsAsync(stack.Bucket, [("presigned/owl.png", BlueImage)]);
        var projectId = await CreateProjectAsync("Presigned", null, connectionId);
        await stack.AssignAsync("mia@example.com", projectId, "ann@example.com");
        Assert.Equal("succeeded", (await SyncAsync(stack.Api("mia@example.com"), projectId)).Status);

        var mediaUrl = await stack.MediaUrlAsync("presigned", "owl.png");
        var ann = await stack.SignedInAsync("ann@example.com");
        // Followed like a browser would: Labelit answers with a redirect to the bucket, which serves the bytes.
        var media = await ann.GetAsync(mediaUrl);
        var bucketUrl = media.RequestMessage!.RequestUri!;
        Assert.StartsWith(stack.S3.Endpoint, bucketUrl.ToString());
        Assert.Contains("X-Amz-Signature=", bucketUrl.Query);
        Assert.Equal(BlueImage, await media.Content.ReadAsByteArrayAsync());
        var bob = await stack.SignedInAsync("bob@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(mediaUrl)).StatusCode);
    }

    [Fact]
    public async Task Images_are_read_with_the_connections_settings_of_the_moment_the_admin_edits_them()
    {
        var admin = stack.Api("admin@example.com");
        var connectionId = await CreateConnectionAsync(admin, "Edited bucket");
        await stack.S3.PutObjectsAsync(stack.Bucket, [("edited/finch.png", RedImage)]);
        var projectId = await CreateProjectAsync("Edited", null, connectionId);
        await stack.AssignAsync("mia@example.com", projectId, "ann@example.com");
        Assert.Equal("succeeded", (await SyncAsync(stack.Api("mia@example.com"), projectId)).Status);
        var mediaUrl = await stack.MediaUrlAsync("edited", "finch.png");
        var ann = await stack.SignedInAsync("ann@example.com");
        Assert.Equal(RedImage, await ann.GetByteArrayAsync(mediaUrl));
        Assert.Equal(RedImage, await ann.GetByteArrayAsync(mediaUrl));

        // The store moved (here: to a port nobody listens on); the next image request goes there, not to the old address.
        await EditEndpointAsync(admin, connectionId, "http://127.0.0.1:9");
        var unreachable = await ann.GetAsync(mediaUrl);
        Assert.Equal(HttpStatusCode.BadGateway, unreachable.StatusCode);
        Assert.Contains("127.0.0.1:9", await unreachable.Content.ReadAsStringAsync());
        await EditEndpointAsync(admin, connectionId, stack.S3.Endpoint);
        Assert.Equal(RedImage, await ann.GetByteArrayAsync(mediaUrl));
    }

    private async Task EditEndpointAsync(HttpClient admin, long connectionId, string endpoint)
    {
        var current = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/storage-connections/{connectionId}");
        var edited = await admin.PutAsJsonAsync($"/api/v1/storage-connections/{connectionId}?version={current.GetProperty("version").GetInt32()}", new
        {
            name = "Edited bucket", kind = "s3", endpoint, forcePathStyle = true, accessKeyId = stack.S3.AccessKeyId, // no secret: the stored one stays
        });
        Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_dataset_location_the_connection_cannot_serve_is_refused_and_nothing_is_saved()
    {
        var mia = stack.Api("mia@example.com");
        var response = await mia.PostAsJsonAsync("/api/v1/projects/", new
        {
            name = "Wrong scheme",
            labelConfig = DatasetStack.ImageConfig,
            datasetLocations = new[] { "gs://somewhere/images/" },
            datasetConnectionId = stack.ConnectionId,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reads s3:// locations, not gs://", await response.Content.ReadAsStringAsync());
        var projects = await mia.GetFromJsonAsync<JsonElement>("/api/v1/projects/");
        Assert.DoesNotContain(projects.EnumerateArray(), p => p.GetProperty("name").GetString() == "Wrong scheme");
    }

    /// <summary>An S3 connection to the stack's fauxqs, as the admin creates it.</summary>
    private async Task<long> CreateConnectionAsync(HttpClient admin, string name, string? mediaDelivery = null)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/storage-connections/", new
        {
            name, kind = "s3", endpoint = stack.S3.Endpoint, forcePathStyle = true,
            accessKeyId = stack.S3.AccessKeyId, secret = stack.S3.SecretKey, mediaDelivery,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Mia's project on the bucket folder named like the project, through the stack's connection unless told otherwise.</summary>
    [Fact]
    public async Task A_dataset_sync_is_one_trace_in_the_dashboard_from_the_bucket_listing_through_postgres_to_label_studio()
    {
        await stack.S3.PutObjectsAsync(stack.Bucket, [("traced/one.png", RedImage), ("traced/two.png", BlueImage)]);
        var projectId = await CreateProjectAsync("Traced", null);
        var sync = await SyncAsync(stack.Api("mia@example.com"), projectId);
        Assert.Equal(("succeeded", 2), (sync.Status, sync.Imported));

        var trace = await new DashboardTraces(stack.DashboardUrl).FindTraceAsync("worker",
            span => span.Name == "dataset sync" && span.Attributes.GetValueOrDefault("labelit.project_id") == projectId.ToString());
        Assert.Contains(trace, span => span is { Service: "worker", Scope: "Npgsql" });
        // The bucket listing (S3's HTTP API) and the LS imports are HTTP calls under the same root.
        var calls = trace.Where(span => span.Kind == TraceSpan.Client && span.Scope != "Npgsql")
            .Select(span => span.Attributes.GetValueOrDefault("url.full", span.Name)).ToList();
        // The query is redacted in traces ("?*"): the bucket listing is the GET of the bucket itself.
        Assert.True(calls.Any(url => url.Contains($"/{stack.Bucket}/?")), "No bucket listing in the trace: " + string.Join(", ", calls));
        Assert.True(calls.Any(url => url.Contains("/import")), "No LS import in the trace: " + string.Join(", ", calls));
    }

    private async Task<long> CreateProjectAsync(string name, string? filter, long? connectionId = null)
    {
        var response = await stack.Api("mia@example.com").PostAsJsonAsync("/api/v1/projects/", new
        {
            name,
            labelConfig = DatasetStack.ImageConfig,
            datasetLocations = new[] { $"s3://{stack.Bucket}/{name.ToLowerInvariant()}/" },
            datasetConnectionId = connectionId ?? stack.ConnectionId,
            datasetFilter = filter,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}
