using System.Text.Json;
using Coc.Core.Storage.Encryption;
using Coc.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coc.Server.Tests.Http;

/// <summary>
/// A stored secret the running server's key ring cannot read (on PostgreSQL after a rotation by another instance, or a
/// changed COC_SECRETS_KEY) is the operator's to fix: a 503 in the envelope and one warning line, not a 500 with a trace.
/// </summary>
public sealed class SecretsKeyAtRequestTests
{
    [Fact]
    public async Task A_secret_the_key_ring_cannot_read_is_a_503_with_one_warning_and_no_stack_trace()
    {
        var log = new ListLogger();
        var middleware = new ErrorHandlingMiddleware(_ => throw SecretsKeyMissingException.For("0123456789ab"), log);
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(http);

        Assert.Equal(503, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("GOM.00007299", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("secrets key", body.RootElement.GetProperty("error_msg").GetString());
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("0123456789ab", entry.Message);
    }

    private sealed class ListLogger : ILogger<ErrorHandlingMiddleware>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
