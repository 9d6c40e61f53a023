using Labelit.LabelStudioStandIn.Serialization;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>DRF page-number pagination: ?page= (1-based) and ?page_size=; a page past the end is a 404.</summary>
public sealed record Pagination(int Number, int Size, IResult? Error)
{
    public int Skip => (Number - 1) * Size;

    public static Pagination Read(HttpRequest request, int defaultSize)
    {
        var pageText = request.Query["page"].ToString();
        var sizeText = request.Query["page_size"].ToString();
        var number = 1;
        var size = defaultSize;
        if (pageText.Length > 0 && (!int.TryParse(pageText, out number) || number < 1))
            return new Pagination(1, defaultSize, LsErrors.Api(StatusCodes.Status404NotFound, "Invalid page."));
        if (sizeText.Length > 0 && int.TryParse(sizeText, out var requested) && requested > 0)
            size = requested;
        return new Pagination(number, size, null);
    }

    /// <summary>Page 1 always exists (even when empty); later pages need items on them.</summary>
    public bool Fits(int total) => Number == 1 || Skip < total;
}
