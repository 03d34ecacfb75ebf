using System.Security.Cryptography;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage;

namespace Coc.Core.Tickets;

/// <param name="Principal">Who authenticated the request, recorded with the history entry.</param>
/// <param name="ParameterName">How errors name the parameter object (v2 calls it <c>params</c>).</param>
public sealed record HandleRequest(
    string IncidentNum, string Operator, string OperateKey, JsonElement? Parameter, string Principal, string ParameterName = "parameter");

/// <summary>
/// The use cases behind the endpoints. Validation happens before any write, so a failed request changes
/// nothing; each write is one transaction; a write that loses a race re-reads once (workflow.md).
/// </summary>
public sealed class TicketService(ITicketStore store, TicketRules rules, TicketNumbers numbers, TimeProvider clock, TicketMetrics? metrics = null)
{
    private const int MaxNumberAttempts = 5;
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public TicketRules Rules => rules;
    public long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<string> CreateAsync(string project, JsonElement body, string? idempotencyKey, string principal, CancellationToken ct = default)
    {
        var now = Now;
        var request = CreateRequest.Parse(body, rules, project, now);
        var claim = ClaimOf(idempotencyKey, body, now, operation: null);

        for (var attempt = 1; ; attempt++)
        {
            var ticket = request.Draft with
            {
                Number = numbers.NewTicketNumber(now),
                WarroomId = request.NeedsWarRoom ? numbers.NewWarRoomId(now) : null,
                Version = 1,
            };
            var entry = HistoryEntry.Creation(ticket, principal);
            var outcome = await store.CreateAsync(ticket, entry, claim, ct);
            if (outcome.ExistingNumber is { } existing)
                return outcome.BodyMismatch ? throw KeyReusedWithAnotherBody() : existing;
            if (outcome.Outcome == WriteOutcome.Written)
            {
                metrics?.Created(ticket);
                return ticket.Number;
            }
            if (attempt >= MaxNumberAttempts)
                throw new InvalidOperationException("could not allocate a unique ticket number");
        }
    }

    public async Task<Ticket> GetAsync(string project, string number, CancellationToken ct = default) =>
        await store.FindAsync(project, number, ct) ?? throw CocErrors.TicketNotFound(number);

    public async Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)> GetWithAttachmentsAsync(
        string project, string number, CancellationToken ct = default) =>
        await store.FindWithAttachmentsAsync(project, number, ct) ?? throw CocErrors.TicketNotFound(number);

    /// <summary>Runs one workflow operation, checked in the order of workflow.md. With an idempotency key, a request
    /// already applied (same key, same <paramref name="body"/>) is answered as the first was, without checking or
    /// applying it again.</summary>
    public async Task HandleAsync(string project, HandleRequest request, string? idempotencyKey = null, JsonElement? body = null,
        CancellationToken ct = default)
    {
        try
        {
            var outcome = await HandleOnceAsync(project, request, idempotencyKey, body, ct);
            metrics?.Operation(request.OperateKey, outcome);
        }
        catch (Exception e) when (metrics is not null)
        {
            metrics.Operation(request.OperateKey, OutcomeOf(e));
            throw;
        }
    }

    private static string OutcomeOf(Exception e) => e switch
    {
        OperationCanceledException => "cancelled",
        CocException { ErrorCode: CocErrors.ConcurrentUpdateCode } => "conflict",
        CocException { HttpStatus: < 500 } => "refused",
        _ => "failed",
    };

    /// <returns>"applied", or "replayed" when the key's first request had applied it.</returns>
    private async Task<string> HandleOnceAsync(string project, HandleRequest request, string? idempotencyKey, JsonElement? body, CancellationToken ct)
    {
        var claim = ClaimOf(idempotencyKey, body ?? EmptyObject, Now, operation: "handle");
        if (claim is null)
        {
            await RunOperationAsync(project, request, null, ct);
            return Applied;
        }
        if (await AlreadyHandledAsync(project, claim, ct)) return Replayed;
        try
        {
            await RunOperationAsync(project, request, claim, ct);
            return Applied;
        }
        catch (CocException e) when (e.HttpStatus < 500) // e.g. a duplicate applied it first, so that it is no longer allowed: answer as it was
        {
            if (!await AlreadyHandledAsync(project, claim, ct)) throw;
            return Replayed;
        }
    }

    private const string Applied = "applied", Replayed = "replayed";

    /// <summary>A v2 action (v2.md): the v1 operation's path, with <paramref name="checkTask"/> run on the ticket as read
    /// (again after a lost race) before the workflow checks: a task the ticket has moved past is refused there.</summary>
    public Task HandleTaskAsync(string project, HandleRequest request, TaskCheck checkTask, CancellationToken ct = default) =>
        RunOperationAsync(project, request, null, ct, checkTask);

    public delegate Task TaskCheck(Ticket ticket, long now, CancellationToken ct);

    private async Task RunOperationAsync(string project, HandleRequest request, IdempotencyClaim? claim, CancellationToken ct,
        TaskCheck? checkTask = null)
    {
        if (checkTask is null && !Workflow.IsKnownOperateKey(request.OperateKey))
            throw CocErrors.InvalidValue("operate_key", request.OperateKey);
        rules.CheckPerson("operator", request.Operator);
        var ticket = await GetAsync(project, request.IncidentNum, ct);
        var parameter = new JsonFields(request.Parameter ?? EmptyObject, request.ParameterName + ".") { Lenient = true };
        var parameterJson = request.Parameter?.GetRawText();

        var lostRaces = 0;
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
            if (checkTask is not null) await checkTask(ticket, now, ct);
            var rule = Workflow.Authorize(ticket, request.OperateKey, request.Operator, now, rules.Emulator);
            var change = Operations.Decide(rule, ticket, parameter, now, rules, () => numbers.NewWarRoomId(now));
            var entry = new HistoryEntry
            {
                TicketNumber = ticket.Number, Project = project, Seq = ticket.Version + 1, Action = request.OperateKey,
                Operator = request.Operator, Principal = request.Principal, At = now, FromStatus = ticket.Status, ToStatus = "",
                ParameterJson = parameterJson, Change = change,
            };
            var after = TicketEvolution.Apply(ticket, entry);
            entry = entry with { ToStatus = after.Status };

            switch (await store.ApplyAsync(ticket, after, entry, claim, ct))
            {
                case WriteOutcome.Written:
                    metrics?.Applied(request.OperateKey, ticket, after);
                    return;
                case WriteOutcome.NumberTaken when attempt < MaxNumberAttempts:
                    continue;
                case WriteOutcome.KeyTaken: // a duplicate claimed the key first: HandleAsync answers as it was answered
                    throw CocErrors.ConcurrentUpdate(ticket.Number);
                case WriteOutcome.VersionConflict when lostRaces++ == 0:
                    // Re-read once: if the operation is still allowed on the new state it applies, else 409.
                    ticket = await GetAsync(project, request.IncidentNum, ct);
                    continue;
                case WriteOutcome.VersionConflict:
                    throw CocErrors.ConcurrentUpdate(ticket.Number);
                default:
                    throw new InvalidOperationException("could not allocate a unique WarRoom id");
            }
        }
    }

    /// <summary>The claim an Idempotency-Key makes: keys are per project, bodies compared by the SHA-256 of their
    /// canonical JSON. A handle's hash is salted with the operation, so a create's key never replays a handle; a
    /// create's is the plain hash, as stored before handle took keys.</summary>
    private static IdempotencyClaim? ClaimOf(string? key, JsonElement body, long now, string? operation)
    {
        if (key is null) return null;
        if (key.Length is 0 or > FieldLimits.IdempotencyKey)
            throw CocErrors.Invalid($"Idempotency-Key must be 1 to {FieldLimits.IdempotencyKey} characters");
        var canonical = JsonBody.Canonical(body);
        var hashed = operation is null ? canonical : [.. System.Text.Encoding.UTF8.GetBytes(operation + "\n"), .. canonical];
        var hash = Convert.ToHexStringLower(SHA256.HashData(hashed));
        return new IdempotencyClaim(key, hash, now - (long)IdempotencyWindow.TotalMilliseconds);
    }

    private static CocException KeyReusedWithAnotherBody() =>
        CocErrors.Invalid("Idempotency-Key was already used with a different request body");

    /// <summary>True when a request with this key and body was applied already; 400 when the key came with another body.</summary>
    private async Task<bool> AlreadyHandledAsync(string project, IdempotencyClaim claim, CancellationToken ct) =>
        await store.FindClaimAsync(project, claim, ct) is { } earlier && (earlier.BodyMismatch ? throw KeyReusedWithAnotherBody() : true);

    public Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default) =>
        store.ListAsync(project, query, ct);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
        store.HistoryAsync(project, numbers, ct);
}
