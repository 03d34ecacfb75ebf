namespace Coc.Testing.Support;

/// <summary>Bounded waits for something that happens asynchronously (a real Alertmanager's delivery, a live page).</summary>
public static class Polling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> holds for its value; fails with
    /// <paramref name="what"/> and the last value once <paramref name="timeout"/> passes.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0.#} s; last seen: {value}");
            await Task.Delay(Interval);
        }
    }
}
