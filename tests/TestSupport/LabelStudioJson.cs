using System.Net.Http.Headers;
using System.Text.Json;

namespace Labelit.TestSupport;

/// <summary>
/// A JSON body with a Content-Length, for tests that call an LS instance directly: LS's server (and
/// the stand-in) reads a chunked body, which PostAsJsonAsync sends, as empty.
/// </summary>
public static class LabelStudioJson
{
    public static HttpContent Body(object value) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
}
