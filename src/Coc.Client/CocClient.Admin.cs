using System.Text.Json.Nodes;

namespace Coc.Client;

// Integrations (alarms.md, Integrations) and webhook subscriptions (outbound.md): coc:admin.
public sealed partial class CocClient
{
    private const string Integrations = "/v1/admin/integrations";
    private const string Webhooks = "/v1/admin/webhooks";

    /// <summary>Creates an integration (<c>{name, type, enabled?, transfer_rule?}</c>); the answer shows its key, once.</summary>
    public async Task<IntegrationData> CreateIntegrationAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Integrations, Json(request, CocClientJsonContext.Default.JsonObject),
            IntegrationJsonContext.Default.EnvelopeIntegrationData, cancellationToken).ConfigureAwait(false))!;

    public async Task<IntegrationListData> ListIntegrationsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Integrations, null, IntegrationJsonContext.Default.EnvelopeIntegrationListData, cancellationToken)
            .ConfigureAwait(false))!;

    public async Task<IntegrationData> GetIntegrationAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Integrations}/{Escape(id)}", null, IntegrationJsonContext.Default.EnvelopeIntegrationData, cancellationToken)
            .ConfigureAwait(false))!;

    /// <summary>Renames it or sets its transfer rule (<c>{name?, transfer_rule?}</c>).</summary>
    public async Task<IntegrationData> UpdateIntegrationAsync(string id, JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Put, $"{Integrations}/{Escape(id)}", Json(request, CocClientJsonContext.Default.JsonObject),
            IntegrationJsonContext.Default.EnvelopeIntegrationData, cancellationToken).ConfigureAwait(false))!;

    public Task<IntegrationData> DisableIntegrationAsync(string id, CancellationToken cancellationToken = default) => IntegrationVerbAsync(id, "disable", cancellationToken);
    public Task<IntegrationData> EnableIntegrationAsync(string id, CancellationToken cancellationToken = default) => IntegrationVerbAsync(id, "enable", cancellationToken);

    /// <summary>A new key (shown once in the answer); the old one dies at once.</summary>
    public Task<IntegrationData> RotateIntegrationKeyAsync(string id, CancellationToken cancellationToken = default) => IntegrationVerbAsync(id, "rotate-key", cancellationToken);

    private async Task<IntegrationData> IntegrationVerbAsync(string id, string verb, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, $"{Integrations}/{Escape(id)}/{verb}", null, IntegrationJsonContext.Default.EnvelopeIntegrationData, ct)
            .ConfigureAwait(false))!;

    /// <summary>Subscribes a receiver (<c>{url, event_types?, description?, enabled?}</c>); the answer shows its secret, once.</summary>
    public async Task<WebhookData> CreateWebhookAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Webhooks, Json(request, CocClientJsonContext.Default.JsonObject), WebhookJsonContext.Default.EnvelopeWebhookData,
            cancellationToken).ConfigureAwait(false))!;

    public async Task<WebhookListData> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Webhooks, null, WebhookJsonContext.Default.EnvelopeWebhookListData, cancellationToken).ConfigureAwait(false))!;

    public async Task<WebhookData> GetWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Webhooks}/{Escape(id)}", null, WebhookJsonContext.Default.EnvelopeWebhookData, cancellationToken).ConfigureAwait(false))!;

    public async Task<WebhookData> UpdateWebhookAsync(string id, JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Put, $"{Webhooks}/{Escape(id)}", Json(request, CocClientJsonContext.Default.JsonObject),
            WebhookJsonContext.Default.EnvelopeWebhookData, cancellationToken).ConfigureAwait(false))!;

    public Task DeleteWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Webhooks}/{Escape(id)}", null, WireJsonContext.Default.EnvelopeObject, cancellationToken);

    public async Task<string> RotateWebhookSecretAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"{Webhooks}/{Escape(id)}/rotate-secret", null, WebhookJsonContext.Default.EnvelopeWebhookSecretData,
            cancellationToken).ConfigureAwait(false))!.Secret;

    public async Task<DeliveryListData> ListWebhookDeliveriesAsync(string id, int offset = 0, int limit = 50, string? status = null,
        CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Webhooks}/{Escape(id)}/deliveries" + Query(("offset", offset), ("limit", limit), ("status", status)), null,
            WebhookJsonContext.Default.EnvelopeDeliveryListData, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Sends events again: <c>{event_id}</c> or <c>{since, until}</c> (ms); returns how many.</summary>
    public async Task<int> RedeliverWebhookAsync(string id, JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"{Webhooks}/{Escape(id)}/redeliver", Json(request, CocClientJsonContext.Default.JsonObject),
            WebhookJsonContext.Default.EnvelopeRedeliveryData, cancellationToken).ConfigureAwait(false))!.Redelivered;
}
