using Dapper;
using Labelit.Data.Datasets;
using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.StaticFiles;
using Npgsql;

namespace Labelit.Web.Datasets;

/// <summary>
/// /projects/{slug}/media/{id}/{name}: the media of a dataset object, for the people who may see the
/// project. It streams the object through Labelit, or redirects to a short-lived presigned URL when the
/// connection says so; either way the bucket needs no CORS policy and tasks hold no bucket address.
/// </summary>
public sealed class DatasetMedia(
    CachedProjects projects,
    NpgsqlDataSource dataSource,
    StorageConnectionReader connections,
    MediaBackends backends,
    UploadedFiles uploads,
    ILogger<DatasetMedia> logger)
{
    public const string Route = "/projects/{slug}/media/{id:long}/{**name}";
    private static readonly TimeSpan PresignedFor = TimeSpan.FromMinutes(10);

    /// <summary>Up to this size (what the last sync listed) an object is read whole before it is sent; larger ones stream.</summary>
    private const long WholeReadMaxBytes = 16 * 1024 * 1024;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<IResult> GetAsync(HttpContext context, string slug, long id)
    {
        var cancellationToken = context.RequestAborted;
        var gate = await projects.FindBySlugAsync(slug, cancellationToken);
        var user = CurrentUser.From(context.User);
        if (gate is null)
            return Results.Problem("No such project.", statusCode: 404);
        if (!ProjectAccess.CanView(user, gate.Project, gate.AnnotatorIds.Contains(user.Id)))
            return Results.Problem("You are not assigned to this project.", statusCode: 403);

        var item = await FindObjectAsync(gate.Project.Id, id, cancellationToken);
        if (item is null)
            return Results.Problem("This project's dataset has no such object.", statusCode: 404);
        if (item.State == "removed")
            return Results.Problem("This object is no longer in storage.", statusCode: 404);
        var path = StoragePath.Parse(item.Location);
        var connection = path.Scheme == UploadedFiles.Scheme ? null
            : gate.Project.Dataset.ConnectionId is { } connectionId ? await connections.ReadAsync(connectionId, cancellationToken) : null;
        if (connection is null && path.Scheme != UploadedFiles.Scheme)
            return Results.Problem("The project's dataset has no storage connection.", statusCode: 404);

        var backend = connection is null ? uploads.Backend() : backends.For(connection);
        if (connection is null)
            context.Response.RegisterForDispose(backend); // made for this response; a connection's backend is shared and kept
        try
        {
            if (connection?.MediaDelivery == StorageMedia.Presigned && await backend.GetBrowserUrlAsync(path, PresignedFor, cancellationToken) is { } url)
            {
                context.Response.Headers.CacheControl = "no-store";
                return Results.Redirect(url.ToString());
            }
            context.Response.Headers.CacheControl = "private, max-age=300";
            // The bytes come from a bucket, not from Labelit: never let them run as a page on Labelit's origin.
            context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            var contentType = ContentTypes.TryGetContentType(path.Key, out var type) ? type : "application/octet-stream";
            // A changed object's recorded size is its old one: it streams.
            if (item.Size <= WholeReadMaxBytes && item.State != "changed")
            {
                return Results.Bytes(await ReadWholeAsync(backend, path, id, gate.Project.Id, cancellationToken), contentType);
            }
            var stream = await backend.OpenReadAsync(path, cancellationToken);
            return Results.Stream(async body =>
            {
                await using (stream)
                {
                    try
                    {
                        await stream.CopyToAsync(body, cancellationToken);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The headers are gone: the browser sees a cut-short file. Say in the log what the store did.
                        logger.LogWarning(e, "Media {ObjectId} of project {ProjectId} was cut short: {Error}", id, gate.Project.Id, e.Message);
                        throw;
                    }
                }
            }, contentType);
        }
        catch (StorageException e)
        {
            logger.LogWarning("Media {ObjectId} of project {ProjectId} could not be read: {Failure} {Error}", id, gate.Project.Id, e.Failure, e.Message);
            return e.Failure == StorageFailure.NotFound
                ? Results.Problem("This object is no longer in storage.", statusCode: 404)
                : Results.Problem($"The storage could not serve this object: {e.Message}", statusCode: 502);
        }
    }

    /// <summary>
    /// A labelling image is read whole before it is sent: the browser gets its length, and a store
    /// that breaks off mid-read (a dropped connection) is asked once more instead of leaving a
    /// cut-short image on the annotator's screen. A second failure is the store's answer.
    /// </summary>
    private async Task<byte[]> ReadWholeAsync(IStorageBackend backend, StoragePath path, long id, long projectId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var stream = await backend.OpenReadAsync(path, cancellationToken);
                using var bytes = new MemoryStream();
                await stream.CopyToAsync(bytes, cancellationToken);
                return bytes.ToArray();
            }
            catch (Exception e) when (attempt == 1 && e is not StorageException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Media {ObjectId} of project {ProjectId} broke off while read ({Error}); reading it again", id, projectId, e.Message);
            }
        }
    }

    private async Task<ObjectRow?> FindObjectAsync(long projectId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ObjectRow>(new CommandDefinition(
            "SELECT location AS Location, state AS State, size AS Size FROM dataset_objects WHERE id = @id AND project_id = @projectId",
            new { id, projectId }, cancellationToken: cancellationToken));
    }

    private sealed record ObjectRow
    {
        public string Location { get; init; } = "";
        public string State { get; init; } = "";
        public long Size { get; init; }
    }
}
