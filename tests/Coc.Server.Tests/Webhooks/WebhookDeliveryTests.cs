using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Storage;
using Coc.Core.Webhooks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.Webhooks;

/// <summary>An emulator-mode server (which allows loopback receivers) whose clock the tests move, so that retries come due.
/// It starts at the real time: the reference verifier checks webhook-timestamp against the real clock (± 5 min).</summary>
public sealed class WebhookServer() : CocServerFactory(emulator: true, clock: new FakeTimeProvider(DateTimeOffset.UtcNow))
{
    public FakeTimeProvider FakeClock => (FakeTimeProvider)Clock;
}

/// <summary>Deliveries over real loopback HTTP to a real receiver (outbound.md, Delivery). The clock moves seconds at most
/// here, so that webhook-timestamp stays within the verifier's tolerance.</summary>
public sealed class WebhookDeliveryTests(WebhookServer server) : WebhookTests(server, "webhook-delivery"), IClassFixture<WebhookServer>
{
    [Fact]
    public async Task Every_delivery_is_verified_by_the_reference_verifier_and_carries_the_details_and_the_history_entry()
    {
        await SubscribeAsync();
        var n = await _api.CreateAsync(Bodies.Create());
        await _api.DoAsync(n, People.Alice, "acceptedIncident1");
        await _api.DoAsync(n, People.Alice, "commitSolution1", Bodies.Solution());

        var got = await _receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(3, got.Count);
        Assert.True(got.All(r => r.VerifiedWith.Count == 1), string.Join("; ", WebhookReceiver.Failures));
        Assert.Equal(["incident.created", "incident.acceptedIncident1", "incident.commitSolution1"], got.Select(r => r.Type).ToList());
        Assert.Equal([Statuses.Triggered, Statuses.Acknowledged, Statuses.Resolved],
            got.Select(r => r.Data.GetProperty("incident").Str("status")).ToList());
        Assert.Equal([$"{n}-1", $"{n}-2", $"{n}-3"], got.Select(r => r.Data.GetProperty("history").Str("action_id")).ToList());
        foreach (var r in got)
        {
            Assert.Equal(r.WebhookId, r.Json.Str("id"));
            Assert.Matches("^evt_[a-z0-9]{24}$", r.WebhookId);
            Assert.Equal(_api.Project, r.Json.Str("project_id"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", r.Json.Str("timestamp"));
            Assert.Equal(n, r.Data.GetProperty("incident").Str("incident_num"));
            Assert.StartsWith("application/json", r.ContentType);
            Assert.StartsWith("coc-incident/", r.UserAgent);
            Assert.Matches(@"^v1,[A-Za-z0-9+/]+=*$", r.Signature);
        }
        Assert.Equal(3, got.Select(r => r.WebhookId).Distinct().Count());
        // The details in the event are those a GET gives for that state (the last event: the ticket as it is now).
        var details = await _api.TicketAsync(n);
        Assert.Equal(details.Str("status"), got[2].Data.GetProperty("incident").Str("status"));
        Assert.Equal(details.GetProperty("incident_assignee").GetRawText(), got[2].Data.GetProperty("incident").GetProperty("incident_assignee").GetRawText());
    }

    [Fact]
    public async Task A_subscription_gets_only_the_types_it_asked_for()
    {
        await SubscribeAsync(new JsonArray("incident.acceptedIncident1"));
        var n = await _api.CreateAsync(Bodies.Create());
        await _api.DoAsync(n, People.Alice, "acceptedIncident1");
        var got = await _receiver.WaitForAsync(r => r.Count >= 1);
        await Task.Delay(500);
        Assert.Equal(["incident.acceptedIncident1"], _receiver.Requests.Select(r => r.Type).ToList());
        Assert.Single(got);
    }

    [Fact]
    public async Task Each_tickets_events_arrive_in_order_under_a_concurrent_burst()
    {
        await SubscribeAsync();
        var numbers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _api.CreateAsync(Bodies.Create())));
        await Task.WhenAll(numbers.Select(async n =>
        {
            await _api.DoAsync(n, People.Alice, "acceptedIncident1");
            await _api.DoAsync(n, People.Alice, "commitSolution1", Bodies.Solution());
            await _api.DoAsync(n, People.Carol, "confirm", Bodies.Confirmation(false));
            await _api.DoAsync(n, People.Alice, "commitSolution1", Bodies.Solution());
        }));

        var got = await _receiver.WaitForAsync(r => r.Count >= numbers.Length * 5);
        foreach (var n in numbers)
        {
            var seqs = got.Where(r => r.Data.GetProperty("incident").Str("incident_num") == n)
                .Select(r => int.Parse(r.Data.GetProperty("history").Str("action_id")[(n.Length + 1)..])).ToList();
            Assert.Equal([1, 2, 3, 4, 5], seqs);
        }
        Assert.All(got, r => Assert.Single(r.VerifiedWith));
    }

    [Fact]
    public async Task A_500_is_retried_about_5_seconds_later_with_the_same_webhook_id_and_both_attempts_are_logged()
    {
        var id = await SubscribeAsync();
        var answers = 0;
        _receiver.Answer = _ => Interlocked.Increment(ref answers) == 1 ? 500 : 200;
        var n = await _api.CreateAsync(Bodies.Create());

        var first = await WaitForLogAsync(id, l => l.GetProperty("total").GetInt64() == 1);
        var attempt = first.GetProperty("deliveries")[0];
        Assert.Equal("retrying", attempt.Str("status"));
        Assert.Equal(500, attempt.GetProperty("http_status").GetInt32());
        Assert.Equal("no thanks", attempt.Str("response_excerpt"));
        var wait = attempt.GetProperty("next_attempt_at").GetInt64() - attempt.GetProperty("attempted_at").GetInt64();
        Assert.InRange(wait, 4000, 6000);
        await Task.Delay(400);
        Assert.Single(_receiver.Requests); // not before it is due

        Server.FakeClock.Advance(TimeSpan.FromSeconds(6));
        var got = await _receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(got[0].WebhookId, got[1].WebhookId);
        Assert.Equal(got[0].Body, got[1].Body);
        Assert.All(got, r => Assert.Single(r.VerifiedWith));
        var log = await WaitForLogAsync(id, l => l.GetProperty("total").GetInt64() == 2);
        Assert.Equal(["delivered", "retrying"], log.GetProperty("deliveries").EnumerateArray().Select(a => a.Str("status")).ToList());
        Assert.Equal([2, 1], log.GetProperty("deliveries").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()).ToList());
        Assert.Equal(1, (await LogAsync(id, "?status=delivered")).GetProperty("total").GetInt64());
        Assert.Equal(n, got[1].Data.GetProperty("incident").Str("incident_num"));
    }

    [Fact]
    public async Task A_410_disables_the_subscription_with_a_reason_and_later_events_are_not_sent()
    {
        var id = await SubscribeAsync();
        _receiver.Answer = _ => 410;
        var n = await _api.CreateAsync(Bodies.Create());
        await WaitForLogAsync(id, l => l.GetProperty("total").GetInt64() == 1);
        var webhook = (await _api.GetAsync($"/v1/admin/webhooks/{id}")).Data;
        Assert.False(webhook.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", webhook.Str("disabled_reason"));
        Assert.Equal("gone", (await LogAsync(id)).GetProperty("deliveries")[0].Str("status"));

        await _api.DoAsync(n, People.Alice, "acceptedIncident1");
        Server.FakeClock.Advance(TimeSpan.FromSeconds(6));
        await Task.Delay(600);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_subscription_failing_for_5_days_is_disabled_and_says_why()
    {
        var id = await SubscribeAsync();
        _receiver.Answer = _ => 500;
        var since = Server.FakeClock.GetUtcNow() - RetrySchedule.DisableAfter;
        await Server.Services.GetRequiredService<Database>().WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE webhooks SET failing_since = @since WHERE id = @id", new { id, since = since.ToUnixTimeMilliseconds() }, tx), default);
        await _api.CreateAsync(Bodies.Create());
        await WaitForLogAsync(id, l => l.GetProperty("total").GetInt64() == 1);
        var webhook = (await _api.GetAsync($"/v1/admin/webhooks/{id}")).Data;
        Assert.False(webhook.GetProperty("enabled").GetBoolean());
        Assert.Contains("5 days", webhook.Str("disabled_reason"));

        // Enabled again by hand: the reason and the failure streak are gone.
        var enabled = await _api.SendAsync(HttpMethod.Put, $"/v1/admin/webhooks/{id}", CocApi.Raw("""{"enabled":true}"""));
        Wire.AssertOk(enabled);
        Assert.Equal(JsonValueKind.Null, enabled.Data.GetProperty("disabled_reason").ValueKind);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_and_after_the_grace_only_the_new_one()
    {
        var id = await SubscribeAsync();
        var oldSecret = _receiver.Secrets[0];
        var rotated = await _api.PostAsync($"/v1/admin/webhooks/{id}/rotate-secret", "{}");
        Wire.AssertOk(rotated);
        var newSecret = rotated.Data.Str("secret");
        _receiver.Trust(newSecret);

        var n = await _api.CreateAsync(Bodies.Create());
        var during = (await _receiver.WaitForAsync(r => r.Count >= 1))[0];
        Assert.Equal(2, during.Signatures);
        Assert.True(during.VerifiedWith.SequenceEqual([oldSecret, newSecret]), during.Signature + " | " + string.Join("; ", WebhookReceiver.Failures));
        // The current secret signs first: StandardWebhooks 1.1.2's Verify, given the whole header, only checks the first.
        new StandardWebhooks.StandardWebhook(newSecret).Verify(during.Body, new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = during.WebhookId, ["webhook-timestamp"] = during.Timestamp, ["webhook-signature"] = during.Signature,
        });

        // The grace period ends (as 24 h later): the old secret no longer signs.
        await Server.Services.GetRequiredService<Database>().WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE webhooks SET previous_secret_until = @past WHERE id = @id",
            new { id, past = Server.FakeClock.GetUtcNow().ToUnixTimeMilliseconds() - 1 }, tx), default);
        await _api.DoAsync(n, People.Alice, "acceptedIncident1");
        var after = (await _receiver.WaitForAsync(r => r.Count >= 2))[1];
        Assert.Equal(1, after.Signatures);
        Assert.Equal([newSecret], after.VerifiedWith);
    }

    [Fact]
    public async Task Redelivery_sends_an_event_again_with_its_id_by_id_or_by_time_range()
    {
        var id = await SubscribeAsync();
        var n = await _api.CreateAsync(Bodies.Create());
        await _api.DoAsync(n, People.Alice, "acceptedIncident1");
        var first = await _receiver.WaitForAsync(r => r.Count >= 2);

        var one = await _api.PostAsync($"/v1/admin/webhooks/{id}/redeliver", new JsonObject { ["event_id"] = first[0].WebhookId });
        Wire.AssertOk(one);
        Assert.Equal(1, one.Data.GetProperty("redelivered").GetInt32());
        var again = (await _receiver.WaitForAsync(r => r.Count >= 3))[2];
        Assert.Equal(first[0].WebhookId, again.WebhookId);
        Assert.Equal(first[0].Body, again.Body);
        Assert.Single(again.VerifiedWith);

        var now = Server.FakeClock.GetUtcNow().ToUnixTimeMilliseconds();
        var range = await _api.PostAsync($"/v1/admin/webhooks/{id}/redeliver", new JsonObject { ["since"] = now - 60_000, ["until"] = now });
        Wire.AssertOk(range);
        Assert.Equal(2, range.Data.GetProperty("redelivered").GetInt32());
        var all = await _receiver.WaitForAsync(r => r.Count >= 5);
        Assert.Equal([first[0].WebhookId, first[1].WebhookId], all.Skip(3).Select(r => r.WebhookId).ToList());
    }
}
