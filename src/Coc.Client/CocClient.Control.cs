using System.Text.Json;
using Coc.Client.Control;

namespace Coc.Client;

// The /_coc control plane (spec control.md): emulator mode, or a coc:admin caller in secure mode.
public sealed partial class CocClient
{
    private const string Control = "/_coc";

    public async Task<CocInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/info", null, CocClientJsonContext.Default.EnvelopeCocInfo, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Per subsystem (<c>storage</c>, <c>dispatcher</c>, <c>cache</c>): <c>ok</c> or a reason.</summary>
    public async Task<JsonElement> GetControlHealthAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, Control + "/health", null, CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken).ConfigureAwait(false);

    /// <summary>Resets everything, or one project (<paramref name="projectId"/>); credentials are kept unless <paramref name="credentials"/>.</summary>
    public Task ResetAsync(string? projectId = null, bool credentials = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Control + "/reset",
            Json(new ResetRequest { ProjectId = projectId, Credentials = credentials ? true : null }, CocClientJsonContext.Default.ResetRequest),
            CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    public async Task<SnapshotInfo> CreateSnapshotAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        var body = new System.Text.Json.Nodes.JsonObject();
        if (name is not null) body["name"] = name;
        return (await SendAsync(HttpMethod.Post, Control + "/snapshots", Json(body, CocClientJsonContext.Default.JsonObject),
            CocClientJsonContext.Default.EnvelopeSnapshotInfo, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/snapshots", null, CocClientJsonContext.Default.EnvelopeSnapshotList, cancellationToken)
            .ConfigureAwait(false))?.Snapshots ?? [];

    public Task RestoreSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Control}/snapshots/{Escape(name)}/restore", null, CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    public Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Control}/snapshots/{Escape(name)}", null, CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    /// <summary>One project as a JSON document (the shape <see cref="ImportProjectAsync"/> and <c>--seed FILE</c> take).</summary>
    public async Task<JsonElement> ExportProjectAsync(string projectId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, $"{Control}/projects/{Escape(projectId)}/export", null, null, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(bytes);
        // The document may come in the envelope or bare: take data when the envelope is there.
        return doc.RootElement.TryGetProperty("data", out var data) && doc.RootElement.TryGetProperty("provider_code", out _) ? data.Clone() : doc.RootElement.Clone();
    }

    /// <summary>Seeds a project from an exported document; <paramref name="replace"/> replaces its state rather than merging.</summary>
    public Task ImportProjectAsync(string projectId, JsonElement document, bool replace = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{Control}/projects/{Escape(projectId)}/import" + Query(("mode", replace ? "replace" : "merge")),
            Json(document, CocClientJsonContext.Default.JsonElement), CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    public async Task<FaultRule> AddFaultAsync(FaultRuleRequest rule, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Control + "/faults", Json(rule, CocClientJsonContext.Default.FaultRuleRequest),
            CocClientJsonContext.Default.EnvelopeFaultRule, cancellationToken).ConfigureAwait(false))!;

    public async Task<IReadOnlyList<FaultRule>> ListFaultsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/faults", null, CocClientJsonContext.Default.EnvelopeFaultRuleList, cancellationToken)
            .ConfigureAwait(false))?.Faults ?? [];

    public Task RemoveFaultAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Control}/faults/{Escape(id)}", null, CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    /// <summary>Removes every fault rule.</summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Control + "/faults", null, CocClientJsonContext.Default.EnvelopeJsonElement, cancellationToken);

    public async Task<ClockState> GetClockAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/clock", null, CocClientJsonContext.Default.EnvelopeClockState, cancellationToken).ConfigureAwait(false))!;

    public Task<ClockState> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { AdvanceMs = (long)by.TotalMilliseconds }, cancellationToken);

    public Task<ClockState> SetClockAsync(DateTimeOffset to, CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { Set = to.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task<ClockState> ResetClockAsync(CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { Reset = true }, cancellationToken);

    private async Task<ClockState> SetClockAsync(ClockRequest request, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, Control + "/clock", Json(request, CocClientJsonContext.Default.ClockRequest),
            CocClientJsonContext.Default.EnvelopeClockState, ct).ConfigureAwait(false))!;
}
