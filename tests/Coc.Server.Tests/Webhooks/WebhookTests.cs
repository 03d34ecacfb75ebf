using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.Webhooks;

/// <summary>What the delivery tests share: a caller in a project of its own, a receiver per test, subscribing it, and
/// reading the delivery log.</summary>
public abstract class WebhookTests(WebhookServer server, string project) : IAsyncLifetime
{
    protected WebhookServer Server { get; } = server;
    protected readonly CocApi _api = server.Api(project + "-" + Guid.NewGuid().ToString("N")[..8]);
    protected WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    protected async Task<string> SubscribeAsync(JsonArray? types = null)
    {
        var body = new JsonObject { ["url"] = _receiver.Url };
        if (types is not null) body["event_types"] = types;
        var r = await _api.PostAsync("/v1/admin/webhooks", body);
        Wire.AssertOk(r);
        _receiver.Trust(r.Data.Str("secret"));
        return r.Data.Str("id");
    }

    protected async Task<JsonElement> LogAsync(string id, string query = "")
    {
        var r = await _api.GetAsync($"/v1/admin/webhooks/{id}/deliveries{query}");
        Wire.AssertOk(r);
        return r.Data;
    }

    protected async Task<JsonElement> WaitForLogAsync(string id, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var log = await LogAsync(id);
            if (done(log)) return log;
            await Task.Delay(50);
        }
        throw new TimeoutException("the delivery log did not get there: " + (await LogAsync(id)).GetRawText());
    }
}
