using System.Net;
using System.Text.RegularExpressions;

namespace Labelit.Web.Tests;

/// <summary>What every page shares: an icon that exists, and times in one labelled convention.</summary>
public sealed class PageFinishTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Every_page_links_an_icon_that_is_served_even_before_sign_in()
    {
        var signIn = await app.Browser().GetStringAsync("/account/sign-in");
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\" />", signIn);

        var icon = await app.Browser().GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/projects")]
    [InlineData("/account/tokens")]
    public async Task Times_are_shown_in_utc_and_say_so(string page)
    {
        // The fixture gives the admin a project to list and an API token with its creation time.
        var admin = await app.SignedInAsync(app.Admin);
        var html = await admin.GetStringAsync(page);

        var times = Regex.Matches(html, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?(?<label> UTC)?");
        Assert.NotEmpty(times);
        Assert.All(times, time => Assert.True(time.Groups["label"].Success, $"{time.Value} on {page} does not say UTC"));
    }
}
