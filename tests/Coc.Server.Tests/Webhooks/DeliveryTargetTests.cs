using System.Net;
using Coc.Server.Features.Webhooks;

namespace Coc.Server.Tests.Webhooks;

/// <summary>The delivery client's own check (outbound.md, Subscriptions): whatever URL was accepted, a connection goes
/// only to an address that is allowed, so a name resolving to loopback (or re-resolving to it later) is refused.</summary>
public sealed class DeliveryTargetTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static HttpClient Client(bool allowPrivate) =>
        new(new SocketsHttpHandler { ConnectCallback = WebhookSender.GuardedConnect(allowPrivate), UseProxy = false });

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_when_it_connects_and_nothing_is_sent()
    {
        var url = _receiver.Url.Replace("127.0.0.1", "localhost");
        using var client = Client(allowPrivate: false);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(url, new StringContent("{}")));
        Assert.IsType<WebhookSender.RefusedTargetException>(e.InnerException);
        Assert.Contains("loopback", e.InnerException!.Message);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task A_loopback_address_is_refused_unless_private_targets_are_allowed()
    {
        using (var refusing = Client(allowPrivate: false))
            await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(_receiver.Url, new StringContent("{}")));
        Assert.Empty(_receiver.Requests);

        using var allowing = Client(allowPrivate: true);
        using var response = await allowing.PostAsync(_receiver.Url, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_receiver.Requests);
    }
}
