namespace Labelit.Web.Apis;

public static class ApiEndpoints
{
    /// <summary>Everything under /api/v1, token-authenticated; /openapi/v1.json describes it.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiPolicies.SignedIn);
        api.MapProjectsApi();
        api.MapUsersApi();
        api.MapInvitationsApi();
        api.MapStorageConnectionsApi();
        api.MapDatasetApi();
        api.MapLabelImportApi();
        api.MapDistributionApi();
        api.MapReviewsApi();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
