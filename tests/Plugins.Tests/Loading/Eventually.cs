namespace Labelit.Plugins.Tests.Loading;

/// <summary>Waits for something the host does in the background (a reload after the quiet period).</summary>
internal static class Eventually
{
    // Generous: a reload is the quiet period plus a copy and a load, on a busy 2-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not the case after {Patience.TotalSeconds} s: {what}.");
            }

            await Task.Delay(50);
        }
    }
}
