using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Coc.Core.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// The suite's server with extras for the authentication tests: more settings (added after the suite's, so they
/// win), a controllable clock injected as the app's <see cref="TimeProvider"/>, a log sink, or — for the first-start
/// bootstrap — no configured access keys at all.
/// </summary>
public class AuthServer : CocServerFactory
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _settings;
    private readonly bool _suiteKeys;

    /// <param name="suiteKeys">false: none of the suite's settings (keys, diagnostics, throttling off) are applied.</param>
    /// <param name="listen">More listeners beside the loopback one <see cref="CocServerFactory.SocketAddress"/> names.</param>
    public AuthServer(
        bool emulator = false, FakeTimeProvider? clock = null, IEnumerable<KeyValuePair<string, string>>? settings = null,
        DateTimeOffset? clockStart = null, bool suiteKeys = true, LogSink? logs = null, string? dataDirectory = null,
        Action<KestrelServerOptions>? listen = null)
        : base(emulator, kestrel: true, clockStart, dataDirectory, clock)
    {
        if (listen is not null)
        {
            UseKestrel(o =>
            {
                o.Listen(IPAddress.Loopback, 0);
                listen(o);
            });
        }
        Logs = logs;
        _settings = [.. settings ?? []];
        _suiteKeys = suiteKeys;
    }

    /// <summary>The clock the test moves, when it gave one.</summary>
    public FakeTimeProvider? FakeClock => Clock as FakeTimeProvider;

    public LogSink? Logs { get; }

    /// <summary>The clock the server runs on (the one requests must be signed with).</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_suiteKeys)
        {
            base.ConfigureWebHost(builder);
        }
        else
        {
            builder.UseSetting("Coc:Data", DataPath);
            if (PostgresDatabase is not null) builder.UseSetting("Coc:Db", PostgresDatabase);
            builder.UseSetting("Coc:Emulator", Emulator ? "true" : "false");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting(TestPasswords.Setting.Key, TestPasswords.Setting.Value);
            if (Clock is FakeTimeProvider) builder.ConfigureTestServices(s => s.AddSingleton(Clock));
        }
        foreach (var (name, value) in _settings) builder.UseSetting(name, value);
        if (Logs is not null)
        {
            builder.ConfigureLogging(l =>
            {
                l.ClearProviders();
                l.SetMinimumLevel(LogLevel.Trace);
                l.AddProvider(Logs);
                // Beats the appsettings' per-category levels: a rule for this provider wins over generic ones.
                l.AddFilter<LogSink>(null, LogLevel.Trace);
            });
        }
    }

    /// <summary>
    /// A client signing as the SDK does with <paramref name="key"/> (null: unsigned), at the server's clock (or
    /// <paramref name="signAt"/>); it signs Host, X-Sdk-Date and whichever of X-Project-Id, X-Domain-Id and
    /// X-Security-Token the request carries.
    /// </summary>
    /// <param name="from">The client's source address (any of 127.0.0.0/8 on Linux); null: the system's choice.</param>
    public HttpClient Client(TestKey? key, Func<DateTimeOffset>? signAt = null, bool signSecurityToken = true, IPAddress? from = null)
    {
        var sockets = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (from is not null) sockets.ConnectCallback = (context, ct) => ConnectFromAsync(from, context.DnsEndPoint, ct);
        HttpMessageHandler handler = sockets;
        if (key is not null) handler = new SdkSigningHandler(key, signAt ?? (() => Now), signSecurityToken: signSecurityToken) { InnerHandler = handler };
        return new HttpClient(handler) { BaseAddress = SocketAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress from, DnsEndPoint to, CancellationToken ct)
    {
        var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(to, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public CocApi Api(TestKey? key, string? project, Func<DateTimeOffset>? signAt = null) =>
        project is null ? CocApi.WithoutProjectHeader(Client(key, signAt)) : new CocApi(Client(key, signAt), project);

    public IAuthStore AuthStore => Services.GetRequiredService<IAuthStore>();

    public async Task CreateDomainAsync(string domain, string defaultProject)
    {
        await AuthStore.SaveDomainAsync(new Domain(domain, domain, defaultProject));
        await AuthStore.SaveProjectAsync(new Project(defaultProject, defaultProject, domain));
    }

    /// <summary>The settings of one configured access key, at index <paramref name="index"/> of Coc:AccessKeys
    /// (the suite's own keys take 0–2).</summary>
    public static IEnumerable<KeyValuePair<string, string>> KeySettings(
        int index, TestKey key, string permissions = "coc:*", string? project = null, string domain = "default", string? securityToken = null)
    {
        var prefix = $"Coc:AccessKeys:{index}:";
        yield return KeyValuePair.Create(prefix + "AccessKey", key.AccessKey);
        yield return KeyValuePair.Create(prefix + "SecretKey", key.SecretKey);
        yield return KeyValuePair.Create(prefix + "Domain", domain);
        yield return KeyValuePair.Create(prefix + "Permissions", permissions);
        if (project is not null) yield return KeyValuePair.Create(prefix + "Project", project);
        if (securityToken is not null) yield return KeyValuePair.Create(prefix + "SecurityToken", securityToken);
    }

    /// <summary>Every value of every table of the server's database, as text (blobs decoded as UTF-8), one per line.</summary>
    public async Task<string> DumpStorageAsync()
    {
        var text = new StringBuilder();
        if (PostgresDatabase is not null)
        {
            await using var c = new NpgsqlConnection(PostgresDatabase);
            await c.OpenAsync();
            var tables = new List<string>();
            await using (var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", c))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) tables.Add(r.GetString(0));
            foreach (var table in tables)
            {
                await using var cmd = new NpgsqlCommand($"SELECT * FROM \"{table}\"", c);
                await using var r = await cmd.ExecuteReaderAsync();
                await AppendRowsAsync(r, table, text);
            }
            return text.ToString();
        }
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await c.OpenAsync();
            var tables = new List<string>();
            await using (var cmd = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table'", c))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) tables.Add(r.GetString(0));
            foreach (var table in tables)
            {
                await using var cmd = new SqliteCommand($"SELECT * FROM \"{table}\"", c);
                await using var r = await cmd.ExecuteReaderAsync();
                await AppendRowsAsync(r, table, text);
            }
        }
        return text.ToString();
    }

    private static async Task AppendRowsAsync(System.Data.Common.DbDataReader r, string table, StringBuilder text)
    {
        while (await r.ReadAsync())
        {
            for (var i = 0; i < r.FieldCount; i++)
            {
                var value = r.GetValue(i);
                text.Append(table).Append('.').Append(r.GetName(i)).Append('=')
                    .Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                    .Append('\n');
            }
        }
    }
}

/// <summary>Keeps every log line (category, level, message, exception, scopes' state) in memory.</summary>
[ProviderAlias("AuthTestsLogSink")]
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join("\n", _lines);

    public int Count => _lines.Count;

    /// <summary>The lines so far, oldest first.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            sink._lines.Enqueue($"[scope] {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (name, value) in values) line.Append(" | ").Append(name).Append('=').Append(value);
            if (exception is not null) line.Append('\n').Append(exception);
            sink._lines.Enqueue(line.ToString());
        }
    }
}
