using Microsoft.Playwright;

namespace Labelit.EndToEnd.Tests;

/// <summary>Waiting assertions: a page may still be rendering when the test looks.</summary>
internal static class PageAssert
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Waits (15 s, or <paramref name="limit"/>) for the first match to show <paramref name="expected"/>; the page may reload meanwhile.</summary>
    public static async Task ThatTextAsync(ILocator locator, string expected, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                text = await locator.Count() > 0 ? await locator.First.InnerTextAsync() : "";
            }
            catch (PlaywrightException)
            {
                text = ""; // the page was navigating (a self-refreshing progress page)
            }
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"Expected the page to show \"{expected}\"; it shows \"{text}\".");
    }

    public static async Task ThatAsync(ILocator scope, Func<ILocator, ILocator> select, int expectedCount)
    {
        var count = await select(scope).CountAsync();
        Assert.Equal(expectedCount, count);
    }

    private static Task<int> Count(this ILocator locator) => locator.CountAsync();
}
