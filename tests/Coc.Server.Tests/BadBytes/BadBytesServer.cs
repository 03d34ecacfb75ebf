using Coc.Server.Tests.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Coc.Server.Tests.BadBytes;

/// <summary>
/// A secure-mode server whose log lines are kept, at the levels the shipped appsettings.json sets (what an
/// operator's log would hold), so that a test can read what one request logged.
/// </summary>
public sealed class BadBytesServer : AuthServer
{
    public LogSink Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Log));
    }

    /// <summary>The lines logged while <paramref name="send"/> ran.</summary>
    public async Task<(T Result, IReadOnlyList<string> Lines)> LoggedWhileAsync<T>(Func<Task<T>> send)
    {
        var before = Log.Count;
        var result = await send();
        return (result, Log.Lines.Skip(before).ToList());
    }
}
