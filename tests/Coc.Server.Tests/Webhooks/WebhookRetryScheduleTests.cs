using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Webhooks;

namespace Coc.Server.Tests.Webhooks;

/// <summary>The whole retry schedule (outbound.md, Delivery) on a server of its own, whose clock is moved by hours.</summary>
public sealed class WebhookRetryScheduleTests(WebhookServer server) : WebhookTests(server, "webhook-schedule"), IClassFixture<WebhookServer>
{
    [Fact]
    public async Task The_retry_schedule_runs_its_course_and_then_the_delivery_has_failed()
    {
        var id = await SubscribeAsync();
        _receiver.Answer = _ => 503;
        await _api.CreateAsync(Bodies.Create());
        var expected = RetrySchedule.Delays;
        for (var attempt = 1; attempt <= RetrySchedule.MaxAttempts; attempt++)
        {
            var log = await WaitForLogAsync(id, l => l.GetProperty("total").GetInt64() == attempt);
            var latest = log.GetProperty("deliveries")[0];
            Assert.Equal(attempt, latest.GetProperty("attempt").GetInt32());
            if (attempt == RetrySchedule.MaxAttempts)
            {
                Assert.Equal("failed", latest.Str("status"));
                Assert.Equal(JsonValueKind.Null, latest.GetProperty("next_attempt_at").ValueKind);
                break;
            }
            Assert.Equal("retrying", latest.Str("status"));
            var wait = latest.GetProperty("next_attempt_at").GetInt64() - latest.GetProperty("attempted_at").GetInt64();
            var nominal = expected[attempt - 1].TotalMilliseconds;
            Assert.InRange(wait, nominal * 0.8 - 1, nominal * 1.2 + 1);
            Server.FakeClock.Advance(TimeSpan.FromMilliseconds(wait + 1));
        }
        await Task.Delay(400);
        Assert.Equal(RetrySchedule.MaxAttempts, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.WebhookId).Distinct());
    }
}
