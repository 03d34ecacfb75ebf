using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tickets;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Core.Tests.Tickets;

/// <summary>The situations a ticket can be in, for the workflow matrix (workflow.md, "allowed in").</summary>
public enum TicketState
{
    Triggered,
    Acknowledged,
    Rejected,
    Resolved,
    Completed,
    AcknowledgedPendingPause,
    AcknowledgedPendingLevel,
    AcknowledgedPaused,
}

/// <summary>A real <see cref="TicketService"/> over a real SQLite store, with a clock the tests move by hand.</summary>
public sealed class Harness : IDisposable
{
    public const string Project = "project-a";
    public const string Principal = "ak:CORETESTSAK";
    public const string Creator = "1";
    public const string Assignee = "ops-alice";
    public const string Bob = "ops-bob";
    public const string Carol = "ops-carol";
    public const string OnCall = "7da46971b7e24eed90cf777cc2ff8b91";
    public const string Type = "inc_type_p_function_issues";

    public static readonly IReadOnlyList<string> People = [OnCall, "25819b46251b46218bf6ad238ddd860c", "1", Assignee, Bob, Carol];

    /// <summary>Where the clock starts unless a test says otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 3, 18, 5, 22, 3, 172, TimeSpan.Zero);

    private static readonly ReferenceData Reference = ReferenceData.Preset();

    public FakeTimeProvider Clock { get; }
    public SqliteDatabase Database { get; }
    public SqlTicketStore Store { get; }
    public SqlAttachmentStore Attachments { get; }

    /// <summary>Set when started with a ticket cache: the service then goes through it, as the server does.</summary>
    public CachedTicketStore? Cache { get; }

    public TicketRules Rules { get; }
    public TicketService Service { get; }

    /// <summary>Set when started with a meter: what the service records on it.</summary>
    public TicketMetrics? Metrics { get; }

    private Harness(FakeTimeProvider clock, SqliteDatabase database, int cache, bool emulator, Meter? meter)
    {
        Clock = clock;
        Database = database;
        Store = new SqlTicketStore(database);
        Cache = cache > 0 ? new CachedTicketStore(Store, cache, meter is null ? null : new TicketCacheMetrics(meter)) : null;
        Attachments = new SqlAttachmentStore(database, Cache);
        Rules = new TicketRules(Reference, emulator);
        Metrics = meter is null ? null : new TicketMetrics(meter);
        Service = new TicketService((ITicketStore?)Cache ?? Store, Rules, new TicketNumbers(TicketNumbers.DefaultOffset), clock, Metrics);
    }

    /// <param name="cache">When above 0, the service reads and writes through a <see cref="CachedTicketStore"/> of this size.</param>
    /// <param name="meter">When given, the database, the cache and the service record their metrics on it.</param>
    public static async Task<Harness> StartAsync(
        bool emulator = false, string path = ":memory:", FakeTimeProvider? clock = null, int cache = 0, Meter? meter = null)
    {
        var database = new SqliteDatabase(path) { Metrics = meter is null ? null : new StorageMetrics(meter) };
        await database.MigrateAsync();
        return new Harness(clock ?? new FakeTimeProvider(DefaultStart), database, cache, emulator, meter);
    }

    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static TicketRules SecureRules { get; } = new(Reference, emulator: false);
    public static TicketRules EmulatorRules { get; } = new(Reference, emulator: true);

    /// <summary>A valid create body: level_30 (no WarRoom), assigned to ops-alice, created by "1".</summary>
    public static JsonObject CreateBody(string level = "level_30", string? region = null) => new()
    {
        ["incident_level"] = level,
        ["is_service_interrupt"] = "false",
        ["incident_type"] = Type,
        ["incident_title"] = "Database latency",
        ["incident_source"] = "incident_source_manual",
        ["incident_description"] = "p99 above 2s",
        ["region"] = region is null ? new JsonArray() : new JsonArray(region),
        ["incident_assignee"] = new JsonArray(Assignee),
        ["creator"] = Creator,
    };

    public Task<string> CreateAsync(JsonObject? body = null, string? idempotencyKey = null, string project = Project) =>
        Service.CreateAsync(project, Json(body ?? CreateBody()), idempotencyKey, Principal);

    public Task HandleAsync(string number, string operatorId, string key, JsonObject? parameter = null) =>
        Service.HandleAsync(Project, new HandleRequest(number, operatorId, key, parameter is null ? null : Json(parameter), Principal));

    public Task<Ticket> GetAsync(string number) => Service.GetAsync(Project, number);

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string number) =>
        await Store.HistoryAsync(Project, [number]);

    public static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    // ---- arranging situations (secure mode operators: assignee ops-alice, creator "1", requester ops-bob) ----

    public async Task<string> ArrangeAsync(TicketState state, string level = "level_30")
    {
        var n = await CreateAsync(CreateBody(level));
        switch (state)
        {
            case TicketState.Triggered:
                break;
            case TicketState.Acknowledged:
                await AcceptAsync(n);
                break;
            case TicketState.Rejected:
                await HandleAsync(n, Assignee, OperateKeys.Rejected, new JsonObject { ["virtual_confirm_comment"] = "not mine" });
                break;
            case TicketState.Resolved:
                await AcceptAsync(n);
                await HandleAsync(n, Assignee, OperateKeys.CommitSolution, Solution());
                break;
            case TicketState.Completed:
                await AcceptAsync(n);
                await HandleAsync(n, Assignee, OperateKeys.CommitSolution, Solution());
                await HandleAsync(n, Creator, OperateKeys.Confirm,
                    new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "ok" });
                break;
            case TicketState.AcknowledgedPendingPause:
                await AcceptAsync(n);
                await RequestPauseAsync(n, Bob, Now + 3_600_000);
                break;
            case TicketState.AcknowledgedPendingLevel:
                await AcceptAsync(n);
                await HandleAsync(n, Bob, OperateKeys.ChangeLevel, LevelChange(level == "level_50" ? "level_40" : "level_50"));
                break;
            case TicketState.AcknowledgedPaused:
                await AcceptAsync(n);
                await RequestPauseAsync(n, Bob, Now + 3_600_000);
                await HandleAsync(n, Carol, OperateKeys.Agreed);
                Clock.Advance(TimeSpan.FromMinutes(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
        return n;
    }

    public Task AcceptAsync(string number, string? operatorId = null) =>
        HandleAsync(number, operatorId ?? Assignee, OperateKeys.Accept);

    public Task RequestPauseAsync(string number, string operatorId, long endTime) =>
        HandleAsync(number, operatorId, OperateKeys.Pause, new JsonObject { ["pause_reason"] = "waiting for vendor", ["pause_end_time"] = endTime });

    public static JsonObject Solution() => new()
    {
        ["mtm_type"] = "inc_type_p_config_issues",
        ["is_service_interrupt"] = true,
        ["cause"] = "bad config",
        ["solution"] = "rolled back",
    };

    public static JsonObject LevelChange(string target) => new()
    {
        ["virtual_target_level"] = target,
        ["virtual_change_level_comment"] = "re-assessed",
    };

    public void Dispose()
    {
        Cache?.Dispose();
        Database.Dispose();
    }
}

public static class CocAssert
{
    public static async Task<CocException> InvalidAsync(Func<Task> action, string mentions)
    {
        var e = await Assert.ThrowsAsync<CocException>(action);
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal(CocErrors.InvalidParameterCode, e.ErrorCode);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
        return e;
    }

    public static CocException Invalid(Action action, string mentions)
    {
        var e = Assert.Throws<CocException>(action);
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal(CocErrors.InvalidParameterCode, e.ErrorCode);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
        return e;
    }

    public static async Task<CocException> NotAllowedAsync(Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CocException>(action);
        Assert.Equal(409, e.HttpStatus);
        Assert.Equal(CocErrors.NotAllowedCode, e.ErrorCode);
        return e;
    }

    public static CocException NotAllowed(Action action)
    {
        var e = Assert.Throws<CocException>(action);
        Assert.Equal(409, e.HttpStatus);
        Assert.Equal(CocErrors.NotAllowedCode, e.ErrorCode);
        return e;
    }
}
