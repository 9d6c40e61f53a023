using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Labelit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The label import page as a manager uses it: check a file and read the dry run; a file over the limit is refused in words.</summary>
public sealed class LabelImportPageTests(WebAppFixture app) : IClassFixture<WebAppFixture>, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("labelit-web-label-page-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Checking_a_file_shows_what_the_import_would_do_with_an_import_button()
    {
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
            await connection.ExecuteAsync("INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@id, 's3://b/signs/stop.jpg', 1, 'imported') ON CONFLICT DO NOTHING",
                new { id = app.Project.Id });
        var browser = await SignedInAsync();
        var page = await browser.GetStringAsync($"/projects/{app.Project.Id}/dataset/labels");

        using var form = new MultipartFormDataContent
        {
            { new StringContent(SignInClient.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("VOC"), "Format" },
            { new StringContent("predictions"), "Mode" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("""
                <annotation><filename>stop.jpg</filename><size><width>100</width><height>100</height></size>
                <object><name>Car</name><bndbox><xmin>10</xmin><ymin>10</ymin><xmax>50</xmax><ymax>50</ymax></bndbox></object>
                <object><name>Tram</name><bndbox><xmin>10</xmin><ymin>10</ymin><xmax>50</xmax><ymax>50</ymax></bndbox></object>
                </annotation>
                """)), "file", "stop.xml" },
        };
        var response = await browser.PostAsync($"/projects/{app.Project.Id}/dataset/labels?handler=Check", form);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>1</strong> of 1 labels go to <strong>1</strong> tasks", html);
        Assert.Contains("1 unknown label", html);
        Assert.Contains("the label \"Tram\" is not in the label config", html);
        Assert.Contains("Import 1 labels as predictions", html);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_before_it_is_read_with_the_limit_in_words()
    {
        var browser = await SignedInAsync();
        var content = new ByteArrayContent(new byte[16]);
        content.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data") { Parameters = { new NameValueHeaderValue("boundary", "x") } };
        content.Headers.ContentLength = 600L * 1024 * 1024;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/projects/{app.Project.Id}/dataset/labels?handler=Check") { Content = content };

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(response.Headers.Location!.ToString()));
        Assert.Contains("The file is too large (600 MiB): label imports take at most 512 MiB.", page);
        Assert.Contains("Nothing was stored.", page);
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "label-imports")));
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var factory = app.WithWebHostBuilder(b => b.UseSetting("Labelit:DataDirectory", _dataDirectory));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = app.ManagerOwner.Email,
            ["Password"] = WebAppFixture.Password,
            ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
