using Labelit.Data.LabelStudio;

namespace Labelit.Worker.LabelStudio;

/// <summary>How the Worker's clients talk to LS: Labelit's LS connections, and every body sent with a length.</summary>
public static class LabelStudioHttp
{
    /// <summary>Registers a typed LS client on <see cref="LabelStudioConnections"/>; calling it twice for one client is harmless.</summary>
    /// <remarks>
    /// Without the standard resilience handler of the service defaults: LS exports and backups run for
    /// minutes (its total timeout is 30 s), and each caller already decides what a failed LS call means
    /// (a sync settles an interrupted import from the tasks' meta, an export run retries with backoff).
    /// </remarks>
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way out of the defaults.
    public static IHttpClientBuilder AddLabelStudioClient<TClient>(this IServiceCollection services, TimeSpan timeout) where TClient : class =>
        services.AddHttpClient<TClient>()
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(LabelStudioConnections.CreateHandler)
            .AddHttpMessageHandler(() => new ContentLengthHandler())
            .ConfigureHttpClient(http => http.Timeout = timeout);
#pragma warning restore EXTEXP0001

    /// <summary>
    /// LS's WSGI server reads a chunked request body as empty (a project created with no title and an
    /// empty label config), so a body whose length is not known yet is buffered to learn it.
    /// </summary>
    internal sealed class ContentLengthHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && content.Headers.ContentLength is null)
            {
                await content.LoadIntoBufferAsync(cancellationToken);
                request.Headers.TransferEncodingChunked = false;
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
