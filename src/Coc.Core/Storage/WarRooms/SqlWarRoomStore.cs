using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Tickets;
using Coc.Core.WarRooms;
using Dapper;

namespace Coc.Core.Storage.WarRooms;

public sealed class SqlWarRoomStore(Database database) : IWarRoomStore
{
    private SqlDialect Dialect => database.Dialect;

    public Task<IReadOnlyList<WarRoom>> ListAsync(string project, IReadOnlyList<string>? nums, long from, long to, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<WarRoom>>(async c =>
        {
            var filter = nums is { Count: > 0 } ? Dialect.InList("w.num", "nums") : "w.create_time >= @from AND w.create_time <= @to";
            var rows = await c.QueryAsync<Row>(
                $"""
                SELECT w.id AS Id, w.num AS Num, w.number AS Number, w.create_time AS CreateTime, w.close_time AS CloseTime,
                       w.setup AS Setup, t.state AS State
                FROM war_rooms w JOIN tickets t ON t.number = w.number AND t.project = w.project
                WHERE w.project = @project AND {filter} ORDER BY w.create_time DESC, w.id DESC
                """, new { project, nums = nums?.ToArray() ?? [], from, to });
            return [.. rows.Select(r => new WarRoom(r.Id, r.Num, project, r.Number, r.CreateTime, r.CloseTime,
                r.Setup is null ? null : JsonSerializer.Deserialize(r.Setup, WarRoomSetupJson.Default.WarRoomSetup),
                StorageJsonContext.DeserializeTicket(r.State)))];
        }, ct);

    /// <summary>Writes the record of a WarRoom that <paramref name="ticket"/> got by <paramref name="entry"/>, in its transaction.</summary>
    internal static Task InsertAsync(DbConnection c, DbTransaction tx, Ticket ticket, HistoryEntry entry, string num)
    {
        var setup = entry.Change is WarRoomStarted started ? started.Setup : WarRoomSetup.ByRuleFor(ticket);
        return c.ExecuteAsync(
            "INSERT INTO war_rooms (num, project, number, create_time, setup) VALUES (@num, @project, @number, @at, @setup)",
            new { num, project = ticket.Project, number = ticket.Number, at = entry.At, setup = JsonSerializer.Serialize(setup, WarRoomSetupJson.Default.WarRoomSetup) },
            tx);
    }

    /// <summary>A WarRoom closes when its incident completes (warrooms.md, Lifecycle), in that operation's transaction.</summary>
    internal static Task CloseAsync(DbConnection c, DbTransaction tx, Ticket ticket, long at) =>
        c.ExecuteAsync("UPDATE war_rooms SET close_time = @at WHERE project = @project AND number = @number AND close_time IS NULL",
            new { at, project = ticket.Project, number = ticket.Number }, tx);

    private sealed class Row
    {
        public long Id { get; init; }
        public string Num { get; init; } = "";
        public string Number { get; init; } = "";
        public long CreateTime { get; init; }
        public long? CloseTime { get; init; }
        public string? Setup { get; init; }
        public string State { get; init; } = "";
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WarRoomSetup))]
internal sealed partial class WarRoomSetupJson : JsonSerializerContext;
