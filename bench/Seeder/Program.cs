using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coc.Core.Json;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Tickets;
using Microsoft.Data.Sqlite;

// seeder seed   --data PATH --count N [--project default] [--via store|bulk] [--numbers-out FILE] [--batch 50000]
//               [--statuses triggered|mixed]
// seeder seed   --db CONNSTRING --count N [--project default] [--numbers-out FILE]
// seeder verify --dir DIR [--count 50]
// seeder walpages --dir DIR --body CREATE.json [--seed 1000] [--ops 200] [--after-seed SQL]
//
// seed: creates (migrates) the database exactly as the server does, then inserts N TRIGGERED tickets, each with
//       its creation history entry and the project counter, as SqlTicketStore.CreateAsync would write them.
//       --statuses mixed: most tickets COMPLETED, some RESOLVED or ACKNOWLEDGED, 5% TRIGGERED, as a store that has
//       run for a while holds them (for the v2 list at scale); the default leaves all TRIGGERED (the handle pool).
//       "bulk" (default) runs the same INSERT statements prepared once, many rows per transaction; "store" calls
//       SqlTicketStore.CreateAsync per ticket (one durable transaction each). Prints one JSON line.
// verify: writes the same tickets through both paths into two fresh databases and compares every row of
//       tickets, ticket_history, project_ticket_counts, war_rooms and sqlite_sequence (values and SQLite types).
//       Exit code 1 on any difference.
// seed --db: the same tickets into PostgreSQL (an Npgsql connection string or postgres:// URL), through
//       SqlTicketStore.CreateAsync on PostgreSQL, 32 at a time (one durable transaction each).
// walpages: seeds DIR/walpages.db, then creates --ops tickets and runs accept → commitSolution1 → confirm on each
//       through TicketService, one at a time; prints the WAL frames (pages) written per create and per operation.
return SeederCommandLine.Run(args);

/// <summary>The two commands and their declared options; an unknown or missing one exits with 2 and the usage.</summary>
internal static class SeederCommandLine
{
    public static int Run(string[] args)
    {
        var seed = new Command("seed", "Insert N TRIGGERED tickets into SQLite (--data) or PostgreSQL (--db)")
        {
            Opt("--data", "SQLite file"), Opt("--db", "PostgreSQL connection string or postgres:// URL"), Opt("--count", "how many (default 1000)"),
            Opt("--project", "project (default: default)"), Opt("--via", "bulk (default) or store"),
            Opt("--numbers-out", "file to write the ticket numbers to"), Opt("--batch", "rows per transaction (default 50000)"),
            Opt("--statuses", "triggered (default) or mixed"),
        };
        seed.Validators.Add(r =>
        {
            if ((r.GetResult(seed.Options[0]) is null) == (r.GetResult(seed.Options[1]) is null)) r.AddError("give exactly one of --data or --db");
        });
        var verify = new Command("verify", "Seed through both paths into DIR and compare every row")
        {
            Opt("--dir", "working directory", required: true), Opt("--count", "how many (default 50)"),
        };
        var walPages = new Command("walpages", "WAL pages written per create and per handle operation")
        {
            Opt("--dir", "working directory", required: true), Opt("--body", "the create request (JSON)", required: true),
            Opt("--seed", "tickets seeded first (default 1000)"), Opt("--ops", "creates, each then handled (default 200)"),
            Opt("--after-seed", "SQL run on the seeded database before measuring (to try a schema change)"),
        };
        var root = new RootCommand("Bulk-loads tickets with the schema and row shapes of Coc.Core's store.") { seed, verify, walPages };
        seed.SetAction((r, _) => Commands.SeedAsync(Values(r, seed)));
        verify.SetAction((r, _) => Commands.VerifyAsync(Values(r, verify)));
        walPages.SetAction((r, _) => WalPages.RunAsync(Values(r, walPages)));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0) return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + error.Message);
        root.Parse([.. parsed.CommandResult.Command == root ? [] : new[] { parsed.CommandResult.Command.Name }, "--help"])
            .Invoke(new InvocationConfiguration { Output = Console.Error });
        return 2;
    }

    private static Option<string> Opt(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required, HelpName = "VALUE" };

    private static Options Values(ParseResult r, Command command) => new(command.Options.OfType<Option<string>>()
        .Where(o => r.GetValue(o) is not null).ToDictionary(o => o.Name.TrimStart('-'), o => r.GetValue(o)!, StringComparer.Ordinal));
}

internal sealed record Options(Dictionary<string, string> Values)
{
    public string Get(string name, string? fallback = null) =>
        Values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public long GetLong(string name, long fallback) =>
        Values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One ticket and its creation entry, built the way TicketService.CreateAsync builds them.</summary>
internal sealed record Seed(Ticket Ticket, HistoryEntry Entry);

internal static class Tickets
{
    public const string Person = "7da46971b7e24eed90cf777cc2ff8b91"; // the assignee the handle benchmark operates as
    private const string Principal = "anonymous"; // what the emulator-mode benchmark server records for its own creates
    private static readonly string[] Creators = [Person, "25819b46251b46218bf6ad238ddd860c", "ops-alice", "ops-bob"];
    private static readonly string[] Levels = ["level_30", "level_40", "level_50"]; // no WarRoom rule matches these
    private static readonly string[] Types = ["inc_type_p_function_issues", "inc_type_p_reliability_issues", "inc_type_p_config_issues", "inc_type_p_middleware_issues"];
    private static readonly string[] Sources = ["incident_source_manual", "incident_source_alarm", "incident_source_forwarding"];
    private static readonly string[] Titles =
    [
        "disk full on db-{0}", "p99 latency above SLO on api-gw-{0}", "certificate expires soon on lb-{0}",
        "replication lag on pg-replica-{0}", "OOM kills in worker pool {0}", "5xx spike after deploy {0}",
    ];

    /// <summary>Templates parsed by the service's own create validation (emulator rules), so every field is as the API stores it.</summary>
    private static readonly Ticket[] Drafts = BuildDrafts();

    private static Ticket[] BuildDrafts()
    {
        var rules = new TicketRules(ReferenceData.Preset(), emulator: true);
        var drafts = new List<Ticket>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 24; i++)
        {
            var body = new Dictionary<string, object>
            {
                ["incident_level"] = Levels[i % Levels.Length],
                ["is_service_interrupt"] = i % 2 == 0 ? "false" : "true",
                ["incident_type"] = Types[i % Types.Length],
                ["incident_title"] = "t",
                ["incident_source"] = Sources[i % Sources.Length],
                ["incident_description"] = "Seeded by bench/Seeder: monitoring raised the alert, on-call acknowledged in the channel; see the runbook.",
                ["incident_assignee"] = new[] { Person },
                ["creator"] = Creators[i % Creators.Length],
            };
            if (i % 3 == 0) body["region"] = new[] { "cn-north-4" };
            if (i % 4 == 0) body["current_cloud_service"] = new[] { "6470681a31da2a47ed50a919" };
            if (i % 2 == 0) body["incident_ownership"] = "incident_ownership_alarm";
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(body, SeederJson.Default.DictionaryStringObject));
            drafts.Add(CreateRequest.Parse(doc.RootElement, rules, "default", now).Draft);
        }
        return [.. drafts];
    }

    /// <summary>Of every 100 tickets of a mixed seed: 80 COMPLETED, 8 RESOLVED, 7 ACKNOWLEDGED, 5 TRIGGERED (spread by a
    /// multiplicative step, so no run of neighbours shares a status).</summary>
    private static string MixedStatus(long i) => (i * 37 % 100) switch
    {
        < 80 => TicketStatus.Completed,
        < 88 => TicketStatus.Resolved,
        < 95 => TicketStatus.Acknowledged,
        _ => TicketStatus.Triggered,
    };

    /// <summary>Ticket <paramref name="i"/> of a seed created at <paramref name="at"/> (ms); <paramref name="mixed"/>: in the
    /// status <see cref="MixedStatus"/> gives it, handled five minutes after its creation unless still TRIGGERED.</summary>
    public static Seed Make(TicketNumbers numbers, string project, long i, long at, bool mixed = false)
    {
        var draft = Drafts[i % Drafts.Length];
        var status = mixed ? MixedStatus(i) : TicketStatus.Triggered;
        var ticket = draft with
        {
            Number = numbers.NewTicketNumber(at),
            Project = project,
            Title = string.Format(CultureInfo.InvariantCulture, Titles[i % Titles.Length], i),
            CreateTime = at,
            WarroomId = null,
            Version = 1,
            Status = status,
            HandleTime = status == TicketStatus.Triggered ? draft.HandleTime : at + 300_000,
        };
        var entry = new HistoryEntry
        {
            TicketNumber = ticket.Number, Project = project, Seq = 1, Action = OperateKeys.Create,
            Operator = ticket.Creator, Principal = Principal, At = at, ToStatus = ticket.Status, Change = new Created(ticket with { Version = 0 }),
        };
        return new Seed(ticket, entry);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SeederJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>The store's INSERT statements (SqlTicketStore.CreateAsync), prepared once and run for many rows per transaction.</summary>
internal sealed class BulkWriter : IDisposable
{
    private readonly SqliteConnection _c;
    private SqliteTransaction? _tx;
    private readonly SqliteCommand _ticket, _history, _counter;
    private long _pending;
    private readonly string _project;

    public BulkWriter(string path, string project)
    {
        _project = project;
        _c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        _c.Open();
        // Row contents do not depend on these; they only make the load fast (no journal while loading a fresh
        // file). Finish() puts the file back in WAL mode, as the server opens it, and syncs it.
        Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");
        _ticket = Command("""
            INSERT INTO tickets (number, project, status, level, assignee, creator, title, description, create_time, version, state,
                incident_type, source, ownership, last_operator, cloud_service, enterprise_project, region, forward_rule_id,
                service_interrupt, update_time, start_time, handle_time)
            VALUES (@Number, @Project, @Status, @Level, @Assignee, @Creator, @Title, @Description, @CreateTime, @Version, @State,
                @Type, @Source, @Ownership, @LastOperator, @CloudService, @EnterpriseProject, @Region, @ForwardRuleId,
                @ServiceInterrupt, @UpdateTime, @StartTime, @HandleTime)
            """, "Number", "Project", "Status", "Level", "Assignee", "Creator", "Title", "Description", "CreateTime", "Version", "State",
            "Type", "Source", "Ownership", "LastOperator", "CloudService", "EnterpriseProject", "Region", "ForwardRuleId",
            "ServiceInterrupt", "UpdateTime", "StartTime", "HandleTime");
        _history = Command("""
            INSERT INTO ticket_history (project, number, seq, action, operator, principal, at, from_status, to_status, parameter, change)
            VALUES (@Project, @TicketNumber, @Seq, @Action, @Operator, @Principal, @At, @FromStatus, @ToStatus, @ParameterJson, @Change)
            """, "Project", "TicketNumber", "Seq", "Action", "Operator", "Principal", "At", "FromStatus", "ToStatus", "ParameterJson", "Change");
        _counter = Command("""
            INSERT INTO project_ticket_counts (project, shard, tickets) VALUES (@project, 0, @n)
            ON CONFLICT (project, shard) DO UPDATE SET tickets = project_ticket_counts.tickets + @n
            """, "project", "n");
    }

    private SqliteCommand Command(string sql, params string[] names)
    {
        var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter("@" + n, DBNull.Value));
        return cmd;
    }

    private void Exec(string sql)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void Set(SqliteCommand cmd, int index, object? value) => cmd.Parameters[index].Value = value ?? DBNull.Value;

    /// <summary>Rows ready to insert: the JSON is serialized off the writer thread.</summary>
    public sealed record Row(Ticket Ticket, HistoryEntry Entry, string State, string Change);

    public static Row Prepare(Seed s) => new(s.Ticket, s.Entry, StorageJsonContext.Serialize(s.Ticket), StorageJsonContext.Serialize(s.Entry.Change));

    public void Add(Row r)
    {
        if (_tx is null)
        {
            _tx = _c.BeginTransaction();
            _ticket.Transaction = _history.Transaction = _counter.Transaction = _tx;
        }
        var t = r.Ticket;
        // Same values, same CLR types as Dapper binds from SqlTicketStore.TicketRow / InsertHistoryAsync.
        Set(_ticket, 0, t.Number); Set(_ticket, 1, t.Project); Set(_ticket, 2, t.Status); Set(_ticket, 3, t.Level);
        Set(_ticket, 4, t.CurrentAssignee); Set(_ticket, 5, t.Creator); Set(_ticket, 6, t.Title); Set(_ticket, 7, t.Description);
        Set(_ticket, 8, t.CreateTime); Set(_ticket, 9, t.Version); Set(_ticket, 10, r.State);
        var e = r.Entry;
        // The v2 list's columns, as SqlTicketStore.TicketRow derives them (verify compares the two).
        Set(_ticket, 11, t.Type); Set(_ticket, 12, t.Source); Set(_ticket, 13, t.Ownership); Set(_ticket, 14, e.Operator);
        Set(_ticket, 15, JsonFields.FirstValue(t.CurrentCloudService)); Set(_ticket, 16, JsonFields.FirstValue(t.EnterpriseProject));
        Set(_ticket, 17, JsonFields.FirstValue(t.Region)); Set(_ticket, 18, t.ForwardRuleId); Set(_ticket, 19, t.IsServiceInterrupt);
        Set(_ticket, 20, e.At); Set(_ticket, 21, t.StartTime); Set(_ticket, 22, t.HandleTime);
        _ticket.ExecuteNonQuery();
        Set(_history, 0, e.Project); Set(_history, 1, e.TicketNumber); Set(_history, 2, e.Seq); Set(_history, 3, e.Action);
        Set(_history, 4, e.Operator); Set(_history, 5, e.Principal); Set(_history, 6, e.At); Set(_history, 7, e.FromStatus);
        Set(_history, 8, e.ToStatus); Set(_history, 9, e.ParameterJson); Set(_history, 10, r.Change);
        _history.ExecuteNonQuery();
        _pending++;
    }

    /// <summary>Adds the batch to the project counter and commits.</summary>
    public void Commit()
    {
        if (_tx is null) return;
        Set(_counter, 0, _project);
        Set(_counter, 1, _pending);
        _counter.ExecuteNonQuery();
        _tx.Commit();
        _tx.Dispose();
        _tx = null;
        _pending = 0;
    }

    public void Finish()
    {
        Commit();
        // The status and level counts (schema migration 11) as the store keeps them, recounted once (shard 0 is the
        // only shard on SQLite).
        Exec("""
            DELETE FROM ticket_status_counts;
            INSERT INTO ticket_status_counts (project, status, level, shard, tickets)
                SELECT project, status, level, 0, COUNT(*) FROM tickets GROUP BY project, status, level;
            """);
        Exec("PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;");
        Exec("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    public void Dispose()
    {
        Commit();
        _ticket.Dispose(); _history.Dispose(); _counter.Dispose();
        _c.Dispose();
    }
}

internal static class Commands
{
    public static async Task<int> SeedAsync(Options o, bool quiet = false)
    {
        if (o.Values.ContainsKey("db")) return await SeedPostgresAsync(o);
        var path = o.Get("data");
        var count = o.GetLong("count", 1000);
        var project = o.Get("project", "default");
        var via = o.Get("via", "bulk");
        var batch = (int)o.GetLong("batch", 50_000);
        var numbersOut = o.Values.GetValueOrDefault("numbers-out");
        var mixed = o.Get("statuses", "triggered") switch
        {
            "triggered" => false,
            "mixed" => true,
            var other => throw new ArgumentException($"--statuses must be triggered or mixed, not {other}"),
        };
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);

        var clock = Stopwatch.StartNew();
        var numbers = new TicketNumbers(TicketNumbers.DefaultOffset);
        // One ticket a second, ending a minute ago: numbers (timestamp + random digits) never collide, and
        // tickets created over HTTP during the benchmark sort first.
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count + 60) * 1000;
        using var numbersFile = numbersOut is null ? null : new StreamWriter(numbersOut);
        string? sample = null;
        var sampleIndex = count / 2;

        using (var store = SqlStores.Sqlite(path)) await store.MigrateAsync(); // the server's own schema and pragmas
        SqliteConnection.ClearAllPools(); // the database's pooled connection would keep the file busy

        if (via == "store")
        {
            using var store = SqlStores.Sqlite(path);
            for (long i = 0; i < count; i++)
            {
                var s = Tickets.Make(numbers, project, i, first + i * 1000, mixed);
                var outcome = await store.Tickets.CreateAsync(s.Ticket, s.Entry, null);
                if (outcome.Outcome != WriteOutcome.Written) throw new InvalidOperationException($"ticket {i}: {outcome.Outcome}");
                numbersFile?.WriteLine(s.Ticket.Number);
                if (i == sampleIndex) sample = s.Ticket.Number;
            }
        }
        else
        {
            using var writer = new BulkWriter(path, project);
            BulkWriter.Row[] Generate(long start)
            {
                var n = (int)Math.Min(batch, count - start);
                var rows = new BulkWriter.Row[n];
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) },
                    k => rows[k] = BulkWriter.Prepare(Tickets.Make(numbers, project, start + k, first + (start + k) * 1000, mixed)));
                return rows;
            }
            var next = count > 0 ? Task.Run(() => Generate(0)) : null;
            for (long start = 0; start < count; start += batch)
            {
                var rows = await next!;
                next = start + batch < count ? Task.Run(() => Generate(start + batch)) : null; // overlaps the inserts
                foreach (var r in rows) writer.Add(r);
                writer.Commit();
                if (numbersFile is not null) foreach (var r in rows) numbersFile.WriteLine(r.Ticket.Number);
                if (sampleIndex >= start && sampleIndex < start + rows.Length) sample = rows[sampleIndex - start].Ticket.Number;
            }
            writer.Finish();
        }
        var bytes = new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return quiet ? 0 : PrintResult(count, via, clock.Elapsed.TotalSeconds, sample, bytes);
    }

    /// <summary>The one JSON line bench/run reads; <paramref name="bytes"/>: the database files' size, when known.</summary>
    private static int PrintResult(long count, string via, double seconds, string? sample, long? bytes)
    {
        var result = new Dictionary<string, object?>
        {
            ["count"] = count, ["via"] = via, ["seconds"] = Math.Round(seconds, 3),
            ["tickets_per_second"] = count == 0 ? 0 : Math.Round(count / seconds),
        };
        if (bytes is { } b)
        {
            result["file_bytes"] = b;
            result["bytes_per_ticket"] = count == 0 ? 0 : Math.Round((double)b / count, 1);
        }
        result["sample_number"] = sample;
        Console.WriteLine(JsonSerializer.Serialize(result, SeederJson.Default.DictionaryStringObject));
        return 0;
    }

    private static async Task<int> SeedPostgresAsync(Options o)
    {
        var count = o.GetLong("count", 1000);
        var project = o.Get("project", "default");
        var numbersOut = o.Values.GetValueOrDefault("numbers-out");
        var clock = Stopwatch.StartNew();
        var numbers = new TicketNumbers(TicketNumbers.DefaultOffset);
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count + 60) * 1000;
        var made = new string[count];
        using (var store = SqlStores.Postgres(
            Coc.Core.Storage.Postgres.PostgresDatabase.ToConnectionString(o.Get("db"))))
        {
            await store.MigrateAsync();
            await Parallel.ForAsync(0L, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            {
                var s = Tickets.Make(numbers, project, i, first + i * 1000);
                var outcome = await store.Tickets.CreateAsync(s.Ticket, s.Entry, null, ct);
                if (outcome.Outcome != WriteOutcome.Written) throw new InvalidOperationException($"ticket {i}: {outcome.Outcome}");
                made[i] = s.Ticket.Number;
            });
        }
        if (numbersOut is not null) await File.WriteAllLinesAsync(numbersOut, made);
        return PrintResult(count, "postgres store", clock.Elapsed.TotalSeconds, count == 0 ? null : made[count / 2], null);
    }

    public static async Task<int> VerifyAsync(Options o)
    {
        var dir = o.Get("dir");
        var count = o.GetLong("count", 50);
        Directory.CreateDirectory(dir);
        var viaStore = Path.Combine(dir, "verify-store.db");
        var viaBulk = Path.Combine(dir, "verify-bulk.db");
        foreach (var p in new[] { viaStore, viaBulk })
            foreach (var f in new[] { p, p + "-wal", p + "-shm" }) File.Delete(f);

        var numbers = new TicketNumbers(TicketNumbers.DefaultOffset);
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count + 60) * 1000;
        var seeds = Enumerable.Range(0, (int)count).Select(i => Tickets.Make(numbers, "default", i, first + i * 1000L, mixed: i % 2 == 1)).ToList();

        using (var store = SqlStores.Sqlite(viaStore))
        {
            await store.MigrateAsync();
            foreach (var s in seeds) await store.Tickets.CreateAsync(s.Ticket, s.Entry, null);
        }
        using (var store = SqlStores.Sqlite(viaBulk)) await store.MigrateAsync();
        SqliteConnection.ClearAllPools();
        using (var writer = new BulkWriter(viaBulk, "default"))
        {
            foreach (var s in seeds.Take(seeds.Count / 2)) writer.Add(BulkWriter.Prepare(s));
            writer.Commit();
            foreach (var s in seeds.Skip(seeds.Count / 2)) writer.Add(BulkWriter.Prepare(s));
            writer.Finish();
        }
        SqliteConnection.ClearAllPools();

        // Not the outbox: seeded tickets stand for tickets that existed before, so their creation is no event to
        // deliver (the store writes an events row per create and fans it out to webhook_deliveries; the bulk path does neither).
        string[] tables = ["tickets", "ticket_history", "project_ticket_counts", "ticket_status_counts", "war_rooms", "sqlite_sequence WHERE name NOT IN ('events', 'webhook_deliveries')"];
        var differences = 0;
        foreach (var table in tables)
        {
            var a = Dump(viaStore, table);
            var b = Dump(viaBulk, table);
            if (a.SequenceEqual(b)) continue;
            differences++;
            Console.Error.WriteLine($"verify: table {table} differs ({a.Count} rows via the store, {b.Count} via bulk)");
            foreach (var (x, y) in a.Zip(b).Where(p => p.First != p.Second).Take(2))
                Console.Error.WriteLine($"  store: {x}\n  bulk:  {y}");
        }
        var rows = tables.Sum(t => Dump(viaStore, t).Count);
        Console.WriteLine(differences == 0
            ? $"{{\"verified\":true,\"tickets\":{count},\"rows_compared\":{rows}}}"
            : $"{{\"verified\":false,\"tables_differing\":{differences}}}");
        return differences == 0 ? 0 : 1;
    }

    /// <summary>Every row of a table as text, each value with its SQLite type (quote() keeps 1 and '1' apart).</summary>
    private static List<string> Dump(string path, string table)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        c.Open();
        var (name, where) = table.Split(" WHERE ") is [var n, var w] ? (n, " WHERE " + w) : (table, "");
        using var cols = c.CreateCommand();
        cols.CommandText = $"SELECT name FROM pragma_table_info('{name}') ORDER BY cid";
        var names = new List<string>();
        using (var r = cols.ExecuteReader()) while (r.Read()) names.Add(r.GetString(0));
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(" || '|' || ", names.Select(n => $"quote(\"{n}\")"))} FROM \"{name}\"{where} ORDER BY 1";
        var rows = new List<string>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) rows.Add(r.GetString(0));
        return rows;
    }
}
