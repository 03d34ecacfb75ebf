using System.Net;
using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests.Auth;

/// <summary>auth.md step 5: an AK is locked for 5 minutes after its 6th consecutive failed verification.</summary>
public sealed class LockoutTests
{
    private const string Locked = "AK access failed to reach the limit,forbidden";

    private static readonly TestKey X = new("LOCKOUTXAK000000001", "lockout-x-secret-0123456789abcdefghij");
    private static readonly TestKey Y = new("LOCKOUTYAK000000001", "lockout-y-secret-0123456789abcdefghij");

    private static AuthServer Server(bool emulator = false, TestClock? clock = null) =>
        new(emulator, clock ?? new TestClock(), [.. AuthServer.KeySettings(3, X), .. AuthServer.KeySettings(4, Y)]);

    private static async Task<WireResponse> ListAsync(AuthServer server, TestKey key) =>
        await server.Api(key, project: null).ListAsync();

    private static async Task FailAsync(AuthServer server, TestKey key, int times)
    {
        for (var i = 1; i <= times; i++)
        {
            var bad = await ListAsync(server, key with { SecretKey = "wrong-secret-" + i });
            AuthAssert.Unauthorized(bad);
            Assert.True(bad.ErrorMsg == SigningMessages.SignatureMismatch, $"failure {i} should be an ordinary signature mismatch: {bad}");
        }
    }

    [Fact]
    public async Task Six_bad_signatures_lock_the_AK_for_five_minutes_and_only_that_AK()
    {
        var clock = new TestClock();
        await using var server = Server(clock: clock);
        Wire.AssertOk(await ListAsync(server, X));

        await FailAsync(server, X, 6);

        var locked = await ListAsync(server, X);
        AuthAssert.Unauthorized(locked, Locked);
        Assert.False(AuthAssert.HasDiagnostics(locked), $"a locked AK is refused before any verification: {locked}");
        Wire.AssertOk(await ListAsync(server, Y));

        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));
        AuthAssert.Unauthorized(await ListAsync(server, X), Locked);

        clock.Advance(TimeSpan.FromSeconds(11)); // 5 min + 1 s after the lock
        Wire.AssertOk(await ListAsync(server, X));
        Wire.AssertOk(await ListAsync(server, Y));
    }

    [Fact]
    public async Task Five_failures_do_not_lock_and_a_success_resets_the_count()
    {
        await using var server = Server();

        await FailAsync(server, X, 5);
        Wire.AssertOk(await ListAsync(server, X));
        await FailAsync(server, X, 5);
        Wire.AssertOk(await ListAsync(server, X));

        // After the reset it takes six more to lock.
        await FailAsync(server, X, 6);
        AuthAssert.Unauthorized(await ListAsync(server, X), Locked);
    }

    [Fact]
    public async Task A_locked_AK_is_refused_whatever_it_asks_for_while_others_work()
    {
        await using var server = Server();
        await FailAsync(server, X, 6);

        foreach (var project in new[] { "default", "another-project" })
        {
            var response = await server.Api(X, project).TryCreateAsync();
            AuthAssert.Unauthorized(response, Locked);
        }
        var other = await server.Api(Y, "default").ListAsync();
        Wire.AssertOk(other);
        Assert.Equal(0, other.Data.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Emulator_mode_has_no_lockout()
    {
        await using var server = Server(emulator: true);

        await FailAsync(server, X, 10);

        var response = await ListAsync(server, X);
        Assert.True(response.Status == HttpStatusCode.OK, $"emulator mode locked the AK: {response}");
        Wire.AssertOk(response);
    }
}
