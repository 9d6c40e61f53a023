using Labelit.Data.LabelStudio;

namespace Labelit.Worker.LabelStudio;

/// <summary>How the Worker's clients talk to LS: Labelit's LS connections, and every body sent with a length.</summary>
public static class LabelStudioHttp
{
    /// <summary>Registers a typed LS client on <see cref="LabelStudioConnections"/>; calling it twice for one client is harmless.</summary>
    public static IHttpClientBuilder AddLabelStudioClient<TClient>(this IServiceCollection services, TimeSpan timeout) where TClient : class =>
        services.AddHttpClient<TClient>()
            .ConfigurePrimaryHttpMessageHandler(LabelStudioConnections.CreateHandler)
            .AddHttpMessageHandler(() => new ContentLengthHandler())
            .ConfigureHttpClient(http => http.Timeout = timeout);

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
