using System.Runtime.CompilerServices;
using System.Text;

namespace Coc.Client;

/// <summary>One event of <c>GET /v1/events/stream</c>: <c>id</c>, <c>event</c> (its type, or <c>reset</c>) and the JSON <c>data</c>.</summary>
public sealed record LiveEvent(string? Id, string Type, string Data);

// The live events stream (outbound.md) and the health endpoints.
public sealed partial class CocClient
{
    /// <summary>
    /// Follows the live events stream (Server-Sent Events) until <paramref name="cancellationToken"/> ends it; with
    /// <paramref name="lastEventId"/> it resumes after that event. Keep-alive comments are skipped.
    /// </summary>
    public async IAsyncEnumerable<LiveEvent> StreamEventsAsync(string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative("/v1/events/stream"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        string? id = null, type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 || type is not null) yield return new LiveEvent(id, type ?? "message", data.ToString());
                id = type = null;
                data.Clear();
                continue;
            }
            if (line[0] == ':') continue; // keep-alive
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data":
                    if (data.Length > 0) data.Append('\n');
                    data.Append(value);
                    break;
            }
        }
    }

    /// <summary><c>/healthz</c>: the process is up.</summary>
    public Task<HealthData> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendPlainAsync(HttpMethod.Get, "/healthz", null, HealthJsonContext.Default.HealthData, cancellationToken);

    /// <summary><c>/readyz</c>: the database answers and writes succeed (a 503 throws).</summary>
    public Task<ReadinessData> GetReadinessAsync(CancellationToken cancellationToken = default) =>
        SendPlainAsync(HttpMethod.Get, "/readyz", null, HealthJsonContext.Default.ReadinessData, cancellationToken);

    /// <summary>
    /// <c>POST /v3/auth/tokens</c> (IAM shape): a token for <paramref name="user"/> in <paramref name="projectId"/>, to use as
    /// <see cref="CocClientOptions.AuthToken"/>.
    /// </summary>
    public async Task<string> IssueTokenAsync(string user, string password, string projectId, string domain = "default", CancellationToken cancellationToken = default)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["auth"] = new System.Text.Json.Nodes.JsonObject
            {
                ["identity"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["methods"] = new System.Text.Json.Nodes.JsonArray("password"),
                    ["password"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new System.Text.Json.Nodes.JsonObject { ["name"] = domain } },
                    },
                },
                ["scope"] = new System.Text.Json.Nodes.JsonObject { ["project"] = new System.Text.Json.Nodes.JsonObject { ["id"] = projectId } },
            },
        };
        using var response = await SendRawAsync(HttpMethod.Post, "/v3/auth/tokens", Json(body, CocClientJsonContext.Default.JsonObject), null, cancellationToken)
            .ConfigureAwait(false);
        return response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.First()
            : throw new CocApiException(response.StatusCode, "CLIENT.MALFORMED", "no X-Subject-Token in the answer", RequestId(response), null);
    }

    /// <summary><c>DELETE /v3/auth/tokens</c>: revokes the token the request carries.</summary>
    public async Task RevokeTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Relative("/v3/auth/tokens"));
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        request.Headers.TryAddWithoutValidation("X-Subject-Token", token);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
