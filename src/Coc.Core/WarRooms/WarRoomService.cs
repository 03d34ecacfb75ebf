using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Storage.WarRooms;
using Coc.Core.Tickets;

namespace Coc.Core.WarRooms;

/// <summary>WarRooms started through the API and the list (warrooms.md). Starting one is a change of its ticket: a history
/// entry <c>start_warroom</c> and the ticket's <c>warroom_id</c>, with the record, in one transaction.</summary>
public sealed class WarRoomService(TicketService tickets, ITicketStore store, IWarRoomStore warRooms, TicketNumbers numbers)
{
    private const int MaxAttempts = 5;

    /// <summary>Checked in warrooms.md's order after the body: ticket exists → not completed, no WarRoom yet (409) → people (400).</summary>
    public async Task<string> CreateAsync(string project, string incidentNumber, WarRoomSetup setup, string operatorId, string principal,
        CancellationToken ct = default)
    {
        var ticket = await tickets.GetAsync(project, incidentNumber, ct);
        var lostRaces = 0;
        for (var attempt = 1; ; attempt++)
        {
            if (ticket.Status == TicketStatus.Completed)
                throw CocErrors.NotAllowed($"incident ticket {ticket.Number} is completed; no WarRoom can start for it");
            if (ticket.WarroomId is { } existing)
                throw CocErrors.NotAllowed($"incident ticket {ticket.Number} already has WarRoom {existing}");
            CheckPeople(setup);
            var now = tickets.Now;
            var num = numbers.NewWarRoomId(now);
            var directory = tickets.Rules.Reference.Directory;
            var members = setup.Participants.Concat(setup.Schedules.Select(s => directory.OnDuty(s.SceneId, s.RoleId)).OfType<string>()).Distinct();
            var entry = new HistoryEntry
            {
                TicketNumber = ticket.Number, Project = project, Seq = ticket.Version + 1, Action = OperateKeys.StartWarRoom,
                Operator = operatorId, Principal = principal, At = now, FromStatus = ticket.Status, ToStatus = ticket.Status,
                Change = new WarRoomStarted(num, setup with { Members = [.. members], StartedBy = WarRoomSetup.ByApi }),
            };
            switch (await store.ApplyAsync(ticket, TicketEvolution.Apply(ticket, entry), entry, null, ct))
            {
                case WriteOutcome.Written:
                    return num;
                case WriteOutcome.NumberTaken when attempt < MaxAttempts:
                    continue;
                case WriteOutcome.VersionConflict when lostRaces++ == 0:
                    ticket = await tickets.GetAsync(project, incidentNumber, ct);
                    continue;
                case WriteOutcome.VersionConflict:
                    throw CocErrors.ConcurrentUpdate(ticket.Number);
                default:
                    throw new InvalidOperationException("could not allocate a unique WarRoom number");
            }
        }
    }

    private void CheckPeople(WarRoomSetup setup)
    {
        if (setup.Admin is { } admin) tickets.Rules.CheckPerson("war_room_admin", admin);
        for (var i = 0; i < setup.Participants.Count; i++) tickets.Rules.CheckPerson($"participant[{i}]", setup.Participants[i]);
    }

    public async Task<WarRoomPage> ListAsync(string project, WarRoomFilter filter, long offset, int limit, bool onlyCounts,
        CancellationToken ct = default)
    {
        var now = tickets.Now;
        var (from, to) = filter.Nums is { Count: > 0 } ? (0L, long.MaxValue) : filter.TriggeredWindow(now);
        var candidates = from > to ? [] : await warRooms.ListAsync(project, filter.Nums, from, to, ct);
        var matching = candidates.Where(w => filter.Matches(w, withStatus: false)).ToList();
        var selected = matching.Where(w => filter.Matches(w, withStatus: true)).ToList();
        var page = onlyCounts || limit == 0 || offset >= selected.Count ? [] : selected.Skip((int)offset).Take(limit).ToList();
        var causes = await CausesAsync(project, page, ct);
        return new WarRoomPage(page, causes, selected.Count, matching.Count, matching.Count(w => w.Status == WarRoom.Running),
            matching.Count(w => w.Status == WarRoom.Closed), now);
    }

    /// <summary>The cause of each incident's latest solution (<c>fault_cause</c>).</summary>
    private async Task<IReadOnlyDictionary<string, string>> CausesAsync(string project, IReadOnlyList<WarRoom> page, CancellationToken ct)
    {
        if (page.Count == 0) return new Dictionary<string, string>();
        var history = await tickets.HistoryAsync(project, [.. page.Select(w => w.IncidentNumber)], ct);
        return history.Where(e => e.Change is SolutionSubmitted).GroupBy(e => e.TicketNumber)
            .ToDictionary(g => g.Key, g => ((SolutionSubmitted)g.MaxBy(e => e.Seq)!.Change).Cause);
    }
}

public sealed record WarRoomPage(
    IReadOnlyList<WarRoom> Items, IReadOnlyDictionary<string, string> Causes, long Total, long TotalNum, long RunningNum, long ClosedNum, long Now);
