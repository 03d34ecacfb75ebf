using System.Text.Json.Nodes;

namespace Coc.Server.Tests.Webhooks;

/// <summary>Secrets are never logged: neither a subscription's secret nor a token in the receiver's URL reaches the
/// server's output when events are delivered.</summary>
public sealed class WebhookLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "webhook-log-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public void Dispose()
    {
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
    }

    [Fact]
    public async Task Deliveries_log_neither_the_secret_nor_the_receivers_url()
    {
        Directory.CreateDirectory(_directory);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), emulator: true, db: _db);
        var api = new CocApi(process.CreateClient(), "default");
        const string Token = "receiver-token-7f3a9c";
        var subscribed = await api.PostAsync("/v1/admin/webhooks", new JsonObject { ["url"] = receiver.Url + "?token=" + Token });
        Wire.AssertOk(subscribed);
        var secret = subscribed.Data.Str("secret");
        receiver.Trust(secret);
        var n = await api.CreateAsync(Bodies.Create());
        await api.DoAsync(n, People.Alice, "acceptedIncident1");
        await receiver.WaitForAsync(r => r.Count >= 2);
        await Task.Delay(300); // the console logger writes behind

        Assert.Contains("listening on", process.Output); // the output is being read
        Assert.DoesNotContain(Token, process.Output);
        Assert.DoesNotContain(secret["whsec_".Length..], process.Output);
    }
}
