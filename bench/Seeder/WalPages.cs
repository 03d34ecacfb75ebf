using System.Globalization;
using System.Text.Json;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Microsoft.Data.Sqlite;

/// <summary>
/// WAL frames written per create and per handle operation, through the service and the store as the server runs them:
/// a cheap, deterministic measure of the write cost (each commit appends every page it changed to the -wal file).
/// A reader holds a snapshot from before the first operation, so no checkpoint can restart the WAL meanwhile; the
/// operations run one at a time, so each is its own commit (as under a light load; group commit shares pages).
/// </summary>
internal static class WalPages
{
    private const string Operator = Tickets.Person;
    private const string Principal = "anonymous";

    public static async Task<int> RunAsync(Options o)
    {
        var dir = o.Get("dir");
        var seeded = o.GetLong("seed", 1000);
        var ops = (int)o.GetLong("ops", 200);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "walpages.db");
        var seed = await Commands.SeedAsync(new Options(new() { ["data"] = path, ["count"] = seeded.ToString(CultureInfo.InvariantCulture) }), quiet: true);
        if (seed != 0) return seed;
        if (o.Values.TryGetValue("after-seed", out var sql)) // e.g. an index change, tried before it becomes a migration
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
            c.Open();
            using var cmd = new SqliteCommand(sql, c);
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        using var store = SqlStores.Sqlite(path);
        var service = new TicketService(store.Tickets, new TicketRules(ReferenceData.Preset(), emulator: true),
            new TicketNumbers(TicketNumbers.DefaultOffset), TimeProvider.System);
        using var body = JsonDocument.Parse(File.ReadAllText(o.Get("body")));
        await service.CreateAsync("default", body.RootElement, null, Principal); // warm: statements prepared, pages cached

        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        reader.Open();
        using var snapshot = reader.BeginTransaction(deferred: true);
        using (var hold = reader.CreateCommand()) { hold.Transaction = snapshot; hold.CommandText = "SELECT count(*) FROM tickets"; hold.ExecuteScalar(); }
        var pageSize = Convert.ToInt64(new SqliteCommand("PRAGMA page_size", reader, snapshot).ExecuteScalar(), CultureInfo.InvariantCulture);

        var numbers = new List<string>(ops);
        var start = Frames(path, pageSize);
        var cpu0 = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < ops; i++) numbers.Add(await service.CreateAsync("default", body.RootElement, null, Principal));
        var afterCreates = Frames(path, pageSize);
        var cpu1 = Environment.CpuUsage.TotalTime;
        foreach (var n in numbers)
        {
            await service.HandleAsync("default", Handle(n, "acceptedIncident1", null));
            await service.HandleAsync("default", Handle(n, "commitSolution1",
                """{"mtm_type":"inc_type_p_function_issues","is_service_interrupt":false,"cause":"disk filled by logs","solution":"rotated logs and raised the quota"}"""));
            await service.HandleAsync("default", Handle(n, "confirm", """{"virtual_confirm_result":true,"virtual_confirm_comment":"verified"}"""));
        }
        var afterHandles = Frames(path, pageSize);
        var cpu2 = Environment.CpuUsage.TotalTime;
        var result = new Dictionary<string, object?>
        {
            ["seeded"] = seeded, ["ops"] = (long)ops, ["page_size"] = pageSize,
            ["create_pages"] = Math.Round((double)(afterCreates - start) / ops, 2),
            ["handle_pages"] = Math.Round((double)(afterHandles - afterCreates) / (3 * ops), 2),
            // Process CPU per operation, one at a time (so including each commit's fsync call): a rough guide, not the server's cost.
            ["create_cpu_us"] = Math.Round((cpu1 - cpu0).TotalMicroseconds / ops), ["handle_cpu_us"] = Math.Round((cpu2 - cpu1).TotalMicroseconds / (3 * ops)),
        };
        Console.WriteLine(JsonSerializer.Serialize(result, SeederJson.Default.DictionaryStringObject));
        return 0;
    }

    private static HandleRequest Handle(string number, string key, string? parameter) =>
        new(number, Operator, key, parameter is null ? null : JsonDocument.Parse(parameter).RootElement, Principal);

    /// <summary>Frames in the -wal file: a 32-byte header, then a 24-byte header and one page per frame.</summary>
    private static long Frames(string path, long pageSize)
    {
        var wal = new FileInfo(path + "-wal");
        return wal.Exists && wal.Length > 32 ? (wal.Length - 32) / (pageSize + 24) : 0;
    }
}
