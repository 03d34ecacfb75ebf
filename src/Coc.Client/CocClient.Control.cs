namespace Coc.Client;

// The /_coc control plane (spec control.md): emulator mode, or a coc:admin caller in secure mode (faults and the clock
// only with Coc:ControlPlane:AllowFaults / AllowClock). Bodies are the server's ControlPlaneContracts.
public sealed partial class CocClient
{
    private const string Control = "/_coc";

    public async Task<InfoData> GetInfoAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/info", null, ControlPlaneJsonContext.Default.EnvelopeInfoData, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Per subsystem (<c>storage</c>, <c>dispatcher</c>, <c>cache</c>): <c>ok</c> or a reason.</summary>
    public async Task<ControlHealthData> GetControlHealthAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/health", null, ControlPlaneJsonContext.Default.EnvelopeControlHealthData, cancellationToken)
            .ConfigureAwait(false))!;

    /// <summary>Resets everything, or one project (<paramref name="projectId"/>); credentials are kept unless <paramref name="credentials"/>.</summary>
    public async Task<ResetData> ResetAsync(string? projectId = null, bool credentials = false, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Control + "/reset",
            Json(new ResetRequest { ProjectId = projectId, Credentials = credentials ? true : null }, CocClientJsonContext.Default.ResetRequest),
            ControlPlaneJsonContext.Default.EnvelopeResetData, cancellationToken).ConfigureAwait(false))!;

    public async Task<SnapshotData> CreateSnapshotAsync(string? name = null, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Control + "/snapshots", Json(new SnapshotRequest(name), CocClientJsonContext.Default.SnapshotRequest),
            ControlPlaneJsonContext.Default.EnvelopeSnapshotData, cancellationToken).ConfigureAwait(false))!;

    public async Task<IReadOnlyList<SnapshotData>> ListSnapshotsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/snapshots", null, ControlPlaneJsonContext.Default.EnvelopeSnapshotListData, cancellationToken)
            .ConfigureAwait(false))?.Snapshots ?? [];

    /// <summary>Replaces the running state with the snapshot (409 when it is of a newer schema than the server's).</summary>
    public async Task<RestoreData> RestoreSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"{Control}/snapshots/{Escape(name)}/restore", null, ControlPlaneJsonContext.Default.EnvelopeRestoreData,
            cancellationToken).ConfigureAwait(false))!;

    public Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Control}/snapshots/{Escape(name)}", null, WireJsonContext.Default.EnvelopeObject, cancellationToken);

    /// <summary>One project as a document (the shape <see cref="ImportProjectAsync"/> and <c>--seed FILE</c> take).</summary>
    public async Task<ProjectExportDocument> ExportProjectAsync(string projectId, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Control}/projects/{Escape(projectId)}/export", null,
            ControlPlaneJsonContext.Default.EnvelopeProjectExportDocument, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Seeds a project from an exported document; <paramref name="replace"/> replaces its state rather than merging.</summary>
    public async Task<ImportData> ImportProjectAsync(string projectId, ProjectExportDocument document, bool replace = false, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"{Control}/projects/{Escape(projectId)}/import" + Query(("mode", replace ? "replace" : "merge")),
            Json(document, ControlPlaneJsonContext.Default.ProjectExportDocument), ControlPlaneJsonContext.Default.EnvelopeImportData, cancellationToken)
            .ConfigureAwait(false))!;

    /// <summary>Adds a fault rule (<c>id</c>, <c>hits</c> and <c>expires_at</c> are the server's: leave them unset).</summary>
    public async Task<FaultRuleData> AddFaultAsync(FaultRuleData rule, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, Control + "/faults", Json(rule, CocClientJsonContext.Default.FaultRuleData),
            ControlPlaneJsonContext.Default.EnvelopeFaultRuleData, cancellationToken).ConfigureAwait(false))!;

    public async Task<IReadOnlyList<FaultRuleData>> ListFaultsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/faults", null, ControlPlaneJsonContext.Default.EnvelopeFaultListData, cancellationToken)
            .ConfigureAwait(false))?.Faults ?? [];

    public async Task<FaultRuleData> GetFaultAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Control}/faults/{Escape(id)}", null, ControlPlaneJsonContext.Default.EnvelopeFaultRuleData, cancellationToken)
            .ConfigureAwait(false))!;

    public Task RemoveFaultAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Control}/faults/{Escape(id)}", null, WireJsonContext.Default.EnvelopeObject, cancellationToken);

    /// <summary>Removes every fault rule.</summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Control + "/faults", null, WireJsonContext.Default.EnvelopeObject, cancellationToken);

    public async Task<ClockData> GetClockAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Control + "/clock", null, ControlPlaneJsonContext.Default.EnvelopeClockData, cancellationToken).ConfigureAwait(false))!;

    public Task<ClockData> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { AdvanceMs = (long)by.TotalMilliseconds }, cancellationToken);

    public Task<ClockData> SetClockAsync(DateTimeOffset to, CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { Set = to.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task<ClockData> ResetClockAsync(CancellationToken cancellationToken = default) =>
        SetClockAsync(new ClockRequest { Reset = true }, cancellationToken);

    private async Task<ClockData> SetClockAsync(ClockRequest request, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, Control + "/clock", Json(request, CocClientJsonContext.Default.ClockRequest),
            ControlPlaneJsonContext.Default.EnvelopeClockData, ct).ConfigureAwait(false))!;
}
