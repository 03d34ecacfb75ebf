using System.Net;
using System.Net.Sockets;
using Coc.Core.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// POST /v3/auth/tokens against guessing: PBKDF2 at 600,000 with transparent rehash, the same work for unknown
/// users, and throttling per (user, address), per address and per user that a stranger cannot turn against the owner.
/// </summary>
public sealed class PasswordSignInTests
{
    private const string UserName = "sign-in-user";
    private static readonly IPAddress Owner = IPAddress.Loopback;
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.2");

    private static async Task<string> AddUserAsync(AuthServer server, string hash)
    {
        await server.AuthStore.SaveUserAsync(new User(Secrets.NewId(), UserName, "default", hash, [Permissions.All]));
        return hash;
    }

    /// <summary>A client whose connections come from <paramref name="from"/> (any 127.x address reaches the loopback server).</summary>
    private static HttpClient ClientFrom(AuthServer server, IPAddress from) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = server.SocketAddress };

    private static async Task<(WireResponse Response, HttpResponseMessage Message)> SignInAsync(
        AuthServer server, string password, IPAddress? from = null, string user = UserName)
    {
        using var http = ClientFrom(server, from ?? Owner);
        using var content = CocApi.Raw(TokenServer.TokenRequest(user, password, project: null).ToJsonString(), "application/json");
        var message = await http.PostAsync("/v3/auth/tokens", content);
        return (await WireResponse.ReadAsync(message), message);
    }

    private static async Task<HttpStatusCode> StatusAsync(AuthServer server, string password, IPAddress? from = null, string user = UserName) =>
        (await SignInAsync(server, password, from, user)).Response.Status;

    [Fact]
    public async Task A_hash_at_an_older_count_signs_in_and_is_then_stored_at_600000()
    {
        // No Coc:PasswordIterations: the production default.
        await using var server = new AuthServer(settings: [KeyValuePair.Create("Coc:PasswordIterations", "")]);
        await AddUserAsync(server, new PasswordHasher(100_000).Hash("old-release-password")); // the previous release's count

        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "old-release-password"));

        var stored = (await server.AuthStore.FindUserAsync("default", UserName))!.PasswordHash;
        Assert.Equal(600_000, PasswordHasher.IterationsOf(stored));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "old-release-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server, "not-the-password"));
    }

    [Fact]
    public async Task An_unknown_user_or_domain_costs_the_same_PBKDF2_verification_as_a_known_user()
    {
        var hasher = new CountingHasher(TestPasswords.Iterations);
        await using var server = new HasherServer(hasher);
        await AddUserAsync(server, TestPasswords.Hash("right"));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server, "wrong"));
        var known = hasher.Take();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server, "wrong", user: "nobody-at-all"));
        var unknownUser = hasher.Take();
        using (var http = ClientFrom(server, Owner))
        {
            var body = TokenServer.TokenRequest(UserName, "right", project: null);
            body["auth"]!["identity"]!["password"]!["user"]!["domain"]!["name"] = "no-such-domain";
            using var content = CocApi.Raw(body.ToJsonString(), "application/json");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/v3/auth/tokens", content)).StatusCode);
        }
        var unknownDomain = hasher.Take();

        Assert.Equal([TestPasswords.Iterations], known);
        Assert.Equal(known, unknownUser);
        Assert.Equal(known, unknownDomain);
    }

    [Fact]
    public async Task Thirty_wrong_passwords_then_the_right_one_is_429_APIGW_0308_not_201()
    {
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await AddUserAsync(server, TestPasswords.Hash("right"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) statuses.Add(await StatusAsync(server, "guess-" + i));
        var (right, message) = await SignInAsync(server, "right");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Wire.AssertGateway(right, HttpStatusCode.TooManyRequests, "APIGW.0308");
        Assert.True(message.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After on the throttled answer");
        Assert.False(message.Headers.Contains("X-Subject-Token"));
    }

    [Fact]
    public async Task The_back_off_ends_and_a_success_resets_the_count()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new AuthServer(clock: clock);
        await AddUserAsync(server, TestPasswords.Hash("right"));
        for (var i = 0; i < 5; i++) await StatusAsync(server, "guess-" + i);
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(server, "right"));

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "right"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server, "guess-again"));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "right"));
    }

    [Fact]
    public async Task A_stranger_hammering_the_user_from_one_address_does_not_lock_the_owner_out_of_another()
    {
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await AddUserAsync(server, TestPasswords.Hash("right"));

        for (var i = 0; i < 30; i++) await StatusAsync(server, "guess-" + i, Stranger);

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(server, "right", Stranger));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "right", Owner));
    }

    [Fact]
    public async Task One_address_guessing_across_many_users_is_capped_for_that_address_only()
    {
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await AddUserAsync(server, TestPasswords.Hash("right"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++) statuses.Add(await StatusAsync(server, "guess", Stranger, user: $"user-{i}"));

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(server, "right", Stranger));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "right", Owner));
    }

    [Fact]
    public async Task Many_addresses_guessing_one_user_brake_those_addresses_but_admit_a_fresh_one()
    {
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await AddUserAsync(server, TestPasswords.Hash("right"));
        var attackers = Enumerable.Range(10, 12).Select(i => IPAddress.Parse($"127.0.1.{i}")).ToList();

        foreach (var address in attackers)
            for (var i = 0; i < 5; i++) await StatusAsync(server, "guess-" + i, address);

        // An attacker address with fewer failures than its own back-off needs is still braked by the user's total.
        var fresh = IPAddress.Parse("127.0.2.1");
        var braked = IPAddress.Parse("127.0.2.2");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(server, "guess", braked));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(server, "right", braked));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(server, "right", fresh));
    }

    private sealed class HasherServer(PasswordHasher hasher) : AuthServer
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton(hasher));
        }
    }

    /// <summary>Records the PBKDF2 count of every verification the server makes.</summary>
    private sealed class CountingHasher(int iterations) : PasswordHasher(iterations)
    {
        private readonly List<int> _counts = [];

        public override bool Verify(string password, string stored)
        {
            lock (_counts) _counts.Add(IterationsOf(stored) ?? -1);
            return base.Verify(password, stored);
        }

        public List<int> Take()
        {
            lock (_counts)
            {
                var taken = _counts.ToList();
                _counts.Clear();
                return taken;
            }
        }
    }
}
