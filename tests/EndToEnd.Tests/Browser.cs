using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>Debian's Chromium driven by Playwright; Playwright never downloads a browser here.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>Screenshots land here, kept as test artefacts (TestResults/screenshots).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Path.Combine(TestSupport.RepositoryPaths.Root, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-test-deps.sh (it installs Debian's chromium).");
        }
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no network but loopback: keep Chromium from calling home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A fresh browser profile (its own cookies), as a different person on another laptop.</summary>
    public async Task<IPage> NewPersonAsync(string baseUrl)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        return await context.NewPageAsync();
    }

    /// <summary>A new person signs in through the form; returns their page on the home page.</summary>
    public async Task<IPage> SignInAsync(string baseUrl, string email, string password)
    {
        var page = await NewPersonAsync(baseUrl);
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await PageAssert.ThatTextAsync(page.Locator("h1"), "Welcome"); // signed in: the home page greets them
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>What every open page showed when a test failed.</summary>
    public async Task ScreenshotEveryPageAsync(string prefix)
    {
        var pages = Chromium.Contexts.SelectMany(context => context.Pages).ToList();
        for (var index = 0; index < pages.Count; index++)
        {
            await ScreenshotAsync(pages[index], $"{prefix}-{index}");
        }
    }
}
