using System.Net;
using System.Text;

namespace Coc.Server.Tests.BadBytes;

/// <summary>The built server as its own process, so that its real console log can be read.</summary>
public sealed class KestrelErrorServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "kestrel-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public ServerProcess Process { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), db: _db);
    }

    public Task DisposeAsync()
    {
        Process.Dispose();
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Requests Kestrel refuses before the app sees them (a NUL or a control character in the request line or a header,
/// a request line or headers over Kestrel's limits): the answer still carries a body the SDK can read (hardening
/// item 4, faults): 400 in the COC envelope, 414 and 431 in the gateway's body, each with an X-Request-Id.
/// </summary>
public sealed class KestrelErrorTests(KestrelErrorServer server) : IClassFixture<KestrelErrorServer>
{
    private static byte[] Request(string requestLine, params string[] headers) =>
        Encoding.Latin1.GetBytes($"{requestLine}\r\nHost: 127.0.0.1\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n");

    private static readonly string M = BadBytesTests.Marker;

    public static readonly Dictionary<string, (byte[] Request, HttpStatusCode Status)> Cases = new()
    {
        ["nul-in-the-path"] = (Request($"GET /v1/incident-tickets/{M}\0 HTTP/1.1"), HttpStatusCode.BadRequest),
        ["non-ascii-header-value"] = (Request("GET /v1/incident-tickets HTTP/1.1", $"X-Project-Id: {M}\u00e9\u00ff"), HttpStatusCode.BadRequest),
        ["nul-in-a-header-value"] = (Request("GET /v1/incident-tickets HTTP/1.1", $"X-Project-Id: {M}\0"), HttpStatusCode.BadRequest),
        ["header-without-colon"] = (Request("GET /v1/incident-tickets HTTP/1.1", M), HttpStatusCode.BadRequest),
        ["unknown-http-version"] = (Request("GET /v1/incident-tickets HTTP/1.7"), HttpStatusCode.BadRequest),
        ["invalid-method"] = (Request("G(T /v1/incident-tickets HTTP/1.1"), HttpStatusCode.BadRequest),
        ["content-length-not-a-number"] = (Request("POST /v1/external/incident/create HTTP/1.1", "Content-Length: " + M), HttpStatusCode.BadRequest),
        ["request-line-of-9000-bytes"] = (Request($"GET /v1/incident-tickets?q={M}{new string('a', 9000)} HTTP/1.1"), HttpStatusCode.RequestUriTooLong),
        ["headers-of-40000-bytes"] = (Request("GET /v1/incident-tickets HTTP/1.1",
            [.. Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: {M}{new string('h', 1000)}")]), HttpStatusCode.RequestHeaderFieldsTooLarge),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Kestrels_own_refusal_carries_a_wire_body(string name)
    {
        var (request, status) = Cases[name];
        var logBefore = server.Process.Output.Length;

        var response = await RawHttp.SendRawAsync(server.Process.BaseAddress, request);

        Assert.False(string.IsNullOrEmpty(response.RequestId), $"no X-Request-Id: {response}");
        if (status is HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge)
            Wire.AssertGateway(response, status, Wire.TooLarge);
        else Wire.AssertError(response, status, Wire.InvalidParameter, "bad request");
        var log = server.Process.Output[logBefore..];
        LogAssert.Quiet([.. log.Split('\n')]);
    }

    [Fact]
    public async Task On_a_kept_alive_connection_the_app_answer_passes_unchanged_and_the_refusal_after_it_gets_a_body()
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Process.BaseAddress.Host, server.Process.BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Request("GET /healthz HTTP/1.1"), timeout.Token);
        await stream.WriteAsync(Cases["nul-in-the-path"].Request, timeout.Token);
        var all = new MemoryStream();
        await stream.CopyToAsync(all, timeout.Token); // Kestrel closes the connection after its refusal
        var text = Encoding.UTF8.GetString(all.ToArray());

        var second = text.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.True(text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && second > 0, text);
        var first = text[..second];
        Assert.Contains("\"up\"", first[first.IndexOf("\r\n\r\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var refusal = text[second..];
        var body = refusal[(refusal.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(Wire.InvalidParameter, json.RootElement.Str("error_code"));
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", refusal, StringComparison.Ordinal);
    }

    /// <summary>SECURITY.md, HTTP headers: every response, Kestrel's own refusals included.</summary>
    [Theory]
    [InlineData("nul-in-the-path")]
    [InlineData("request-line-of-9000-bytes")]
    [InlineData("headers-of-40000-bytes")]
    public async Task Kestrels_own_refusal_carries_the_security_headers(string name)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Process.BaseAddress.Host, server.Process.BaseAddress.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Cases[name].Request, timeout.Token);
        var all = new MemoryStream();
        await stream.CopyToAsync(all, timeout.Token);
        var text = Encoding.UTF8.GetString(all.ToArray());
        var head = text[..Math.Max(0, text.IndexOf("\r\n\r\n", StringComparison.Ordinal))];

        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nReferrer-Policy: no-referrer\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Frame-Options: DENY\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Security-Policy: {Coc.Server.Http.SecurityHeaders.ApiPolicy}\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nCache-Control: no-store\r\n", head, StringComparison.Ordinal);
    }
}
