using System.Net;
using System.Text.Json.Nodes;
using Coc.Core.Alarms;
using Coc.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Alarms;

/// <summary>
/// What the ingestion fast path (one lookup per payload, integrations cached by key hash, last_event_at written at
/// most once a second) must keep: repeats inside one payload, and an integration changed behind the cache's back —
/// by another instance on the same database — seen by the very next delivery.
/// </summary>
public sealed class IngestionFastPathTests(SecureServer server) : IClassFixture<SecureServer>
{
    private const string Group = "{}:{alertname=\"HighCPU\"}";

    [Fact]
    public async Task A_fingerprint_repeated_in_one_payload_converges_and_a_resolution_between_repeats_opens_a_new_alarm()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"), Alert("bb02"), Alert("aa01"), Alert("aa01"))));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("cc03"), Alert("cc03", "resolved"), Alert("cc03"))));

        var alarms = await AlarmsAsync(api);
        Assert.Equal(3, Wire.AssertInteger(alarms.Single(a => a.Str("source_key") == "aa01"), "converge_count"));
        Assert.Equal(1, Wire.AssertInteger(alarms.Single(a => a.Str("source_key") == "bb02"), "converge_count"));
        var cc = alarms.Where(a => a.Str("source_key") == "cc03").ToList();
        Assert.Equal(2, cc.Count);
        Assert.Single(cc, a => a.Str("status") == "resolved");
        Assert.Equal(1, Wire.AssertInteger(cc.Single(a => a.Str("status") == "alarming"), "converge_count"));
    }

    [Fact]
    public async Task A_repeat_in_the_payload_that_opened_and_linked_its_alarm_stays_on_that_incident()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api, rule: AutoRule());

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", severity: "major"), Alert("aa01", severity: "major"))));

        var alarm = (await AlarmsAsync(api)).Single();
        Assert.Equal(2, Wire.AssertInteger(alarm, "converge_count"));
        var incident = alarm.Str("associate_event_id");
        Assert.Equal(1, (await api.TicketAsync(incident)).GetProperty("alarms").GetArrayLength());
        Assert.Single((await api.HistoryAsync(incident)).EnumerateArray()); // create, and no alarm_linked for the repeat
    }

    [Fact]
    public async Task An_integration_disabled_rotated_or_re_ruled_by_another_instance_is_seen_by_the_next_delivery()
    {
        var api = server.Api();
        var (id, key) = await CreateIntegrationAsync(api);
        var store = server.Services.GetRequiredService<IAlarmStore>(); // what another instance's writes look like here
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"))));
        var current = (await store.FindIntegrationAsync(null, id))!;

        Assert.True(await store.UpdateIntegrationAsync(current with { Enabled = false }));
        Wire.AssertError(await DeliverAsync(api, key, Payload(Group, Alert("bb02"))), HttpStatusCode.Unauthorized, "GOM.00007263");
        Assert.True(await store.UpdateIntegrationAsync(current));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("bb02"))));

        Assert.True(await store.UpdateIntegrationAsync(current with { Rule = TransferRule.Manual with { ApplicationId = "app-999" } }));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("cc03"))));
        Wire.AssertString((await AlarmsAsync(api)).Single(a => a.Str("source_key") == "cc03"), "app", "app-999");

        var newKey = IntegrationKeys.Generate();
        Assert.True(await store.UpdateIntegrationAsync(current with { KeyHash = IntegrationKeys.Hash(newKey), KeyHint = IntegrationKeys.Hint(newKey) }));
        Wire.AssertError(await DeliverAsync(api, key, Payload(Group, Alert("dd04"))), HttpStatusCode.Unauthorized, "GOM.00007263");
        Wire.AssertOk(await DeliverAsync(api, newKey, Payload(Group, Alert("dd04"))));
        Assert.Equal(["aa01", "bb02", "cc03", "dd04"], (await AlarmsAsync(api)).Select(a => a.Str("source_key")).Order());
    }
}

/// <summary>last_event_at: the time of the latest delivery, to the second (written at most once a second).</summary>
public sealed class LastEventAtTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-02T01:00:00Z"));
    private readonly CocServerFactory _server;

    public LastEventAtTests() => _server = new CocServerFactory(clock: _clock);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_delivery_within_a_second_of_the_recorded_one_leaves_it_and_a_later_one_moves_it()
    {
        var api = _server.Api();
        var (id, key) = await CreateIntegrationAsync(api);
        var t0 = _clock.GetUtcNow().ToUnixTimeMilliseconds();

        Wire.AssertOk(await DeliverAsync(api, key, Payload("g", Alert("aa01"))));
        Assert.Equal(t0, await LastEventAtAsync(api, id));
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Wire.AssertOk(await DeliverAsync(api, key, Payload("g", Alert("aa01"))));
        Assert.Equal(t0, await LastEventAtAsync(api, id));
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Wire.AssertOk(await DeliverAsync(api, key, Payload("g", Alert("aa01"))));
        Assert.Equal(t0 + 1200, await LastEventAtAsync(api, id));
    }

    private static async Task<long> LastEventAtAsync(CocApi api, string id)
    {
        var shown = await api.GetAsync("/v1/admin/integrations/" + id);
        Wire.AssertOk(shown);
        return Wire.AssertInteger(shown.Data, "last_event_at");
    }
}
