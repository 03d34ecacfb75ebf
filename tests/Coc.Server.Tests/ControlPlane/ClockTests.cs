using System.Net;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>/_coc/clock moves the one service clock: a pause runs out, and the clock never goes back past stored times.</summary>
public sealed class ClockTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task Advancing_the_clock_ends_a_pause_and_reset_is_refused_while_data_is_in_the_future()
    {
        var api = server.Api();
        var number = await api.CreateAsync();
        await api.DoAsync(number, People.Alice, "acceptedIncident1");
        var until = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        await api.DoAsync(number, People.Alice, "incidentPause", new JsonObject { ["pause_reason"] = "vendor", ["pause_end_time"] = until });
        await api.DoAsync(number, People.Bob, "agreed");
        Assert.Equal(until, Wire.AssertInteger(await api.TicketAsync(number), "paused_until"));

        var moved = await Control.OkAsync(Control.PostAsync(api, "/clock", """{"advance_ms": 7200000}"""));
        Assert.True(Wire.AssertInteger(moved, "offset_ms") >= 7_200_000 - 1000);
        Assert.True(Wire.AssertInteger(moved, "now") > until);
        var read = await Control.OkAsync(api.GetAsync("/_coc/clock"));
        Assert.True(Wire.AssertInteger(read, "now") >= Wire.AssertInteger(moved, "now"));
        Assert.True(Wire.AssertInteger(await Control.OkAsync(api.GetAsync("/_coc/info")), "clock_offset_ms") >= 7_199_000);

        var ticket = await api.TicketAsync(number);
        Wire.AssertNull(ticket, "paused_until"); // the pause ran out
        var pausedMs = Wire.AssertInteger(ticket, "paused_ms");
        Assert.InRange(pausedMs, 3_500_000, 3_600_000);

        // A write at the moved time: going back now would put "now" before stored data.
        await api.CreateAsync();
        Wire.AssertError(await Control.PostAsync(api, "/clock", """{"reset": true}"""), HttpStatusCode.Conflict, Wire.NotAllowed, "newest stored time");
        Wire.AssertError(await Control.PostAsync(api, "/clock", """{"advance_ms": -7200000}"""), HttpStatusCode.Conflict, Wire.NotAllowed);

        // With the data reset, the clock may go back.
        Wire.AssertOk(await Control.PostAsync(api, "/reset"));
        var back = await Control.OkAsync(Control.PostAsync(api, "/clock", """{"reset": true}"""));
        Assert.Equal(0, Wire.AssertInteger(back, "offset_ms"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"advance_ms": 1, "reset": true}""")]
    [InlineData("""{"advance_ms": "soon"}""")]
    [InlineData("""{"set": -5}""")]
    public async Task Bad_clock_bodies_are_400(string body)
    {
        Wire.AssertInvalid(await Control.PostAsync(server.Api(), "/clock", body));
    }
}
