using System.Security.Cryptography;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage;

namespace Coc.Core.Tickets;

/// <param name="Principal">Who authenticated the request, recorded with the history entry.</param>
public sealed record HandleRequest(string IncidentNum, string Operator, string OperateKey, JsonElement? Parameter, string Principal);

/// <summary>
/// The use cases behind the endpoints. Validation happens before any write, so a failed request changes
/// nothing; each write is one transaction; a write that loses a race re-reads once (workflow.md).
/// </summary>
public sealed class TicketService(ITicketStore store, TicketRules rules, TicketNumbers numbers, TimeProvider clock)
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
        IdempotencyClaim? claim = null;
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > FieldLimits.IdempotencyKey)
                throw CocErrors.Invalid($"Idempotency-Key must be 1 to {FieldLimits.IdempotencyKey} characters");
            var hash = Convert.ToHexStringLower(SHA256.HashData(JsonBody.Canonical(body)));
            claim = new IdempotencyClaim(idempotencyKey, hash, now - (long)IdempotencyWindow.TotalMilliseconds);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ticket = request.Draft with
            {
                Number = numbers.NewTicketNumber(now),
                WarroomId = request.NeedsWarRoom ? numbers.NewWarRoomId(now) : null,
                Version = 1,
            };
            var entry = new HistoryEntry
            {
                TicketNumber = ticket.Number, Project = project, Seq = 1, Action = OperateKeys.Create,
                Operator = ticket.Creator, Principal = principal, At = now, ToStatus = ticket.Status, Change = new Created(ticket with { Version = 0 }),
            };
            var outcome = await store.CreateAsync(ticket, entry, claim, ct);
            if (outcome.ExistingNumber is { } existing)
                return outcome.BodyMismatch
                    ? throw CocErrors.Invalid("Idempotency-Key was already used with a different request body")
                    : existing;
            if (outcome.Outcome == WriteOutcome.Written) return ticket.Number;
            if (attempt >= MaxNumberAttempts)
                throw new InvalidOperationException("could not allocate a unique ticket number");
        }
    }

    public async Task<Ticket> GetAsync(string project, string number, CancellationToken ct = default) =>
        await store.FindAsync(project, number, ct) ?? throw CocErrors.TicketNotFound(number);

    public async Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)> GetWithAttachmentsAsync(
        string project, string number, CancellationToken ct = default) =>
        await store.FindWithAttachmentsAsync(project, number, ct) ?? throw CocErrors.TicketNotFound(number);

    /// <summary>Runs one workflow operation, checked in the order of workflow.md.</summary>
    public async Task HandleAsync(string project, HandleRequest request, CancellationToken ct = default)
    {
        if (!Workflow.IsKnownOperateKey(request.OperateKey))
            throw CocErrors.InvalidValue("operate_key", request.OperateKey);
        rules.CheckPerson("operator", request.Operator);
        var ticket = await GetAsync(project, request.IncidentNum, ct);
        var parameter = new JsonFields(request.Parameter ?? EmptyObject, "parameter.") { Lenient = true };
        var parameterJson = request.Parameter?.GetRawText();

        var lostRaces = 0;
        for (var attempt = 1; ; attempt++)
        {
            var now = Now;
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

            switch (await store.ApplyAsync(ticket, after, entry, ct))
            {
                case WriteOutcome.Written:
                    return;
                case WriteOutcome.NumberTaken when attempt < MaxNumberAttempts:
                    continue;
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

    public Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default) =>
        store.ListAsync(project, query, ct);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
        store.HistoryAsync(project, numbers, ct);
}
