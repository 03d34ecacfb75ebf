using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>GET /_coc/info, GET /_coc/health and POST /_coc/reset over real HTTP (emulator mode).</summary>
public sealed class InfoAndResetTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task Info_names_version_mode_engine_uptime_and_counts()
    {
        var api = server.Api();
        await api.CreateAsync();
        var info = await Control.OkAsync(api.GetAsync("/_coc/info"));
        Assert.False(string.IsNullOrEmpty(info.Str("version")));
        Wire.AssertString(info, "mode", "emulator");
        Assert.Contains(info.Str("engine"), new[] { "sqlite", "postgres" });
        Assert.True(Wire.AssertInteger(info, "started_at") <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(Wire.AssertInteger(info, "uptime_ms") >= 0);
        Assert.Equal(0, Wire.AssertInteger(info, "clock_offset_ms"));
        Assert.True(Wire.AssertInteger(info, "tickets") >= 1);
        Wire.AssertInteger(info, "projects");
        Wire.AssertInteger(info, "alarms");
    }

    [Fact]
    public async Task Health_reports_each_subsystem()
    {
        var health = await Control.OkAsync(server.Api().GetAsync("/_coc/health"));
        Wire.AssertString(health, "storage", "ok");
        Assert.False(string.IsNullOrEmpty(health.Str("dispatcher")));
        Assert.False(string.IsNullOrEmpty(health.Str("cache")));
    }

    [Fact]
    public async Task Reset_of_one_project_leaves_the_others_and_drops_cached_tickets_and_idempotency_keys()
    {
        var mine = server.Api();
        var other = server.Api();
        var kept = await other.CreateAsync();
        var number = await mine.CreateAsync(idempotencyKey: "key-1");
        Assert.Equal(Statuses.Triggered, await mine.StatusAsync(number)); // now held by the ticket cache

        Wire.AssertOk(await Control.PostAsync(mine, "/reset", new JsonObject { ["project_id"] = mine.Project }.ToJsonString()));

        Wire.AssertError(await mine.DetailsAsync(number), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Assert.Equal(0, await TotalAsync(mine));
        Assert.Equal(Statuses.Triggered, await other.StatusAsync(kept));
        // The idempotency key went with it: the same key with another body is a new create, not a conflict.
        var again = await mine.CreateAsync(Bodies.Create(title: "after the reset"), idempotencyKey: "key-1");
        Assert.NotEqual(number, again);
        Assert.Equal(1, await TotalAsync(mine));
    }

    [Fact]
    public async Task Reset_of_everything_empties_every_project()
    {
        await using var own = new EmulatorServer();
        var a = own.Api();
        var b = own.Api();
        await a.CreateAsync();
        await b.CreateAsync();

        var data = await Control.OkAsync(Control.PostAsync(a, "/reset"));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("project_id").ValueKind);
        Assert.Equal(0, await TotalAsync(a));
        Assert.Equal(0, await TotalAsync(b));
        Assert.Equal(0, Wire.AssertInteger(await Control.OkAsync(a.GetAsync("/_coc/info")), "tickets"));
    }

    [Fact]
    public async Task Bad_reset_bodies_are_400_naming_the_field()
    {
        var api = server.Api();
        Wire.AssertInvalid(await Control.PostAsync(api, "/reset", """{"project_id": 5}"""), "project_id");
        Wire.AssertInvalid(await Control.PostAsync(api, "/reset", """{"project_id": "x", "credentials": true}"""), "credentials");
        Wire.AssertInvalid(await Control.PostAsync(api, "/reset", """{"credentials": "yes"}"""), "credentials");
    }

    internal static Task<long> TotalAsync(CocApi api) => api.TotalAsync();
}
