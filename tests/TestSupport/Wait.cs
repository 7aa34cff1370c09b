using System.Diagnostics;

namespace Recommender.Tests;

/// <summary>Waiting on a condition rather than sleeping: what runs in the background is done when it says so.</summary>
static class Wait
{
    /// <summary>Whether <paramref name="done"/> came true within <paramref name="timeout"/>, asked every 10 ms.</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed >= timeout) return false;
            await Task.Delay(10);
        }
        return true;
    }
}
