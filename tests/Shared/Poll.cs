namespace RightSize.Tests.Shared;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping for a guessed time. One file, compiled into each test
/// project that waits on something (see the projects' <c>Compile Include="../Shared/Poll.cs"</c>); Browser.cs beside it
/// likewise for the projects that drive the dashboard.
/// </summary>
internal static class Poll
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
