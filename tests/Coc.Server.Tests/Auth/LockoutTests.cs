using System.Net;
using System.Net.Sockets;
using Coc.Core.Auth.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// The lockout (auth.md step 5 as changed by hardening item 2, docs/decisions.md): failures are counted per
/// (AK, client address); the 6th in a row locks that pair's failing requests for 5 minutes (the lock message
/// instead of the mismatch diagnostics). A request whose signature verifies is never refused, whoever failed before.
/// </summary>
public sealed class LockoutTests
{
    private const string Locked = "AK access failed to reach the limit,forbidden";

    private static readonly IPAddress A = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress B = IPAddress.Loopback;

    private static readonly TestKey X = new("LOCKOUTXAK000000001", "lockout-x-secret-0123456789abcdefghij");
    private static readonly TestKey Y = new("LOCKOUTYAK000000001", "lockout-y-secret-0123456789abcdefghij");

    private static AuthServer Server(bool emulator = false, FakeTimeProvider? clock = null, LogSink? logs = null) =>
        new(emulator, clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow), [.. AuthServer.KeySettings(3, X), .. AuthServer.KeySettings(4, Y)], logs: logs);

    private static async Task<WireResponse> ListAsync(AuthServer server, TestKey key, IPAddress from) =>
        await CocApi.WithoutProjectHeader(server.Client(key, from: from)).ListAsync();

    /// <summary>What a stranger who knows only the AK can send: a well-formed header with a zero signature.</summary>
    private static async Task<WireResponse> ZeroSignatureAsync(
        AuthServer server, TestKey key, IPAddress from, (string Name, string Value)[]? headers = null, Uri? to = null)
    {
        using var http = server.Client(null, from: from);
        using var request = new HttpRequestMessage(HttpMethod.Get, to is null ? new Uri("/v1/incident-tickets", UriKind.Relative) : new Uri(to, "/v1/incident-tickets"));
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation(SdkSigning.DateHeader, SdkDate.ToHeaderValue(server.Now));
        request.Headers.TryAddWithoutValidation(SdkSigning.AuthorizationHeader,
            $"SDK-HMAC-SHA256 Access={key.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}");
        using var message = await http.SendAsync(request);
        return await WireResponse.ReadAsync(message);
    }

    private static void AssertMismatch(WireResponse r)
    {
        AuthAssert.Unauthorized(r);
        Assert.True(r.ErrorMsg == SigningMessages.SignatureMismatch, $"expected an ordinary signature mismatch: {r}");
        Assert.True(AuthAssert.HasDiagnostics(r), $"the suite's servers show mismatch diagnostics: {r}");
    }

    private static void AssertLocked(WireResponse r)
    {
        AuthAssert.Unauthorized(r, Locked);
        Assert.False(AuthAssert.HasDiagnostics(r), $"a locked pair gets no canonical request or string-to-sign: {r}");
    }

    private static async Task FailAsync(AuthServer server, TestKey key, IPAddress from, int times)
    {
        for (var i = 1; i <= times; i++)
            AssertMismatch(await ListAsync(server, key with { SecretKey = "wrong-secret-" + i }, from));
    }

    [Fact]
    public async Task A_stranger_who_knows_the_AK_cannot_lock_its_owner_out()
    {
        await using var server = Server();

        for (var i = 1; i <= 10; i++)
        {
            var attack = await ZeroSignatureAsync(server, X, A);
            if (i <= 6) AuthAssert.Unauthorized(attack, "verify aksk signature fail");
            else AssertLocked(attack);
        }

        Wire.AssertOk(await ListAsync(server, X, B));
        Wire.AssertOk(await ListAsync(server, X, A));
    }

    [Fact]
    public async Task Six_failures_from_an_address_lock_its_failures_for_five_minutes_and_further_failures_do_not_renew_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = Server(clock: clock);

        await FailAsync(server, X, A, 6);

        AssertLocked(await ListAsync(server, X with { SecretKey = "wrong-secret-7" }, A));
        // Only that pair: the same AK from another address, and another AK from that address, fail normally.
        AssertMismatch(await ListAsync(server, X with { SecretKey = "wrong-secret-b" }, B));
        AssertMismatch(await ListAsync(server, Y with { SecretKey = "wrong-secret-y" }, A));

        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));
        AssertLocked(await ListAsync(server, X with { SecretKey = "wrong-secret-8" }, A));

        clock.Advance(TimeSpan.FromSeconds(11)); // 5 min + 1 s after the lock, 11 s after the last failure
        AssertMismatch(await ListAsync(server, X with { SecretKey = "wrong-secret-9" }, A));
    }

    [Fact]
    public async Task A_correct_signature_from_a_locked_pair_is_accepted_and_clears_its_count()
    {
        await using var server = Server();
        await FailAsync(server, X, A, 6);
        AssertLocked(await ListAsync(server, X with { SecretKey = "wrong-secret-7" }, A));

        Wire.AssertOk(await ListAsync(server, X, A));

        // Cleared: it takes six new failures to lock again.
        await FailAsync(server, X, A, 6);
        AssertLocked(await ListAsync(server, X with { SecretKey = "wrong-secret-7" }, A));
    }

    [Fact]
    public async Task Five_failures_do_not_lock_and_a_success_resets_the_count()
    {
        await using var server = Server();

        await FailAsync(server, X, A, 5);
        Wire.AssertOk(await ListAsync(server, X, A));
        await FailAsync(server, X, A, 5);
        Wire.AssertOk(await ListAsync(server, X, A));

        // After the reset it takes six more to lock.
        await FailAsync(server, X, A, 6);
        AssertLocked(await ListAsync(server, X with { SecretKey = "wrong-secret-7" }, A));
    }

    [Fact]
    public async Task Each_lock_logs_one_warning_with_the_AK_and_address_and_never_the_signature()
    {
        var logs = new LogSink();
        await using var server = Server(logs: logs);
        var guess = X with { SecretKey = "guessed-secret-0123456789" };

        await FailAsync(server, X, A, 6);
        for (var i = 0; i < 3; i++) AssertLocked(await ListAsync(server, guess, A));
        await FailAsync(server, Y, A, 6);

        var warnings = logs.Text.Split('\n').Where(l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains(Locked[..20], StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, l => l.Contains(X.AccessKey, StringComparison.Ordinal) && l.Contains("127.0.0.2", StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.Contains(Y.AccessKey, StringComparison.Ordinal) && l.Contains("127.0.0.2", StringComparison.Ordinal));
        Assert.DoesNotContain("Signature=", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(X.SecretKey, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(guess.SecretKey, logs.Text, StringComparison.Ordinal);
    }

    /// <summary>No proxy is trusted: the address that fails is the connection's, whatever the request says it is.</summary>
    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Real-IP")]
    [InlineData("Forwarded")]
    public async Task An_address_named_in_a_header_neither_takes_the_failures_nor_escapes_the_lock(string header)
    {
        await using var server = Server();
        string Naming(IPAddress address) => header == "Forwarded" ? $"for={address}" : address.ToString();

        for (var i = 1; i <= 6; i++)
            AuthAssert.Unauthorized(await ZeroSignatureAsync(server, X, A, [(header, Naming(B))]), "verify aksk signature fail");

        AssertMismatch(await ListAsync(server, X with { SecretKey = "wrong-secret-b" }, B));
        AssertLocked(await ZeroSignatureAsync(server, X, A, [(header, Naming(IPAddress.Parse("127.0.0.9")))]));
    }

    /// <summary>
    /// One client, two spellings of its address: 127.0.0.2 on an IPv4 listener, ::ffff:127.0.0.2 on a dual-stack one.
    /// Counted as two pairs, the client had twice the guesses and its lock did not hold on the other listener.
    /// </summary>
    [Fact]
    public async Task An_IPv4_client_is_one_pair_on_IPv4_and_dual_stack_listeners()
    {
        // Kestrel binds an IPv6 address other than [::] IPv6-only, so the dual-stack socket (on loopback only) is made
        // here and handed over: Kestrel owns and closes it, this object lets go of it.
        var dualStack = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        dualStack.Bind(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 0));
        dualStack.Listen();
        var viaDualStack = new Uri($"http://127.0.0.1:{((IPEndPoint)dualStack.LocalEndPoint!).Port}");
        var handle = (ulong)dualStack.SafeHandle.DangerousGetHandle();
        dualStack.SafeHandle.SetHandleAsInvalid();
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow), settings: AuthServer.KeySettings(3, X), listen: o => o.ListenHandle(handle));

        for (var i = 1; i <= 6; i++) AuthAssert.Unauthorized(await ZeroSignatureAsync(server, X, A), "verify aksk signature fail");

        AssertLocked(await ZeroSignatureAsync(server, X, A, to: viaDualStack));
        Wire.AssertOk(await CocApi.WithoutProjectHeader(server.Client(X, from: A)).ListAsync());
        // Cleared by that success on the IPv4 listener, the pair fails normally on the other one too.
        AuthAssert.Unauthorized(await ZeroSignatureAsync(server, X, A, to: viaDualStack), "verify aksk signature fail");
    }

    [Fact]
    public async Task Emulator_mode_has_no_lockout()
    {
        await using var server = Server(emulator: true);

        await FailAsync(server, X, A, 10);

        var wrong = await ListAsync(server, X with { SecretKey = "wrong-secret-11" }, A);
        AssertMismatch(wrong);
        var response = await ListAsync(server, X, A);
        Assert.True(response.Status == HttpStatusCode.OK, $"emulator mode locked the AK: {response}");
        Wire.AssertOk(response);
    }
}
