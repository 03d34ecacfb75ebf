using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Storage.Auth;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Storage.Control;

/// <summary>An import's outcome: rows inserted per table (rows whose key exists already are skipped in a merge).</summary>
public sealed record ImportOutcome(IReadOnlyDictionary<string, int> Rows);

/// <summary>
/// Export and import of one project's state as JSON rows (<see cref="StateTables.Exported"/>), on either engine: tickets
/// with their full histories, WarRooms, attachments with their bytes (base64), integrations (their keys only as the
/// SHA-256 the database holds), alarms with their handle histories, webhooks without secrets (an imported one gets a
/// new secret). An import rewrites every row's project to the target, in one transaction.
/// </summary>
public sealed class ProjectTransfer(Database database, SecretsAtRest secrets)
{
    public const string ModeMerge = "merge";
    public const string ModeReplace = "replace";

    /// <summary>Every exported table's rows, under the table's name; and the project's own row under <c>project</c>.</summary>
    public Task<JsonObject> ExportAsync(string project, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var tables = new JsonObject();
            foreach (var table in StateTables.Exported)
            {
                var rows = new JsonArray();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = table.Select;
                var p = cmd.CreateParameter();
                p.ParameterName = "p";
                p.Value = project;
                cmd.Parameters.Add(p);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) rows.Add(RowOf(reader, table));
                tables[table.Name] = rows;
            }
            var row = await c.QuerySingleOrDefaultAsync<(string Name, string DomainId)?>(
                "SELECT name AS Name, domain_id AS DomainId FROM projects WHERE id = @project", new { project });
            if (row is { } r) tables["project"] = new JsonObject { ["name"] = r.Name, ["domain_id"] = r.DomainId };
            return tables;
        }, ct);

    private static JsonObject RowOf(DbDataReader reader, StateTable table)
    {
        var row = new JsonObject();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            row[column.Name] = reader.IsDBNull(i) ? null : column.Kind switch
            {
                ColumnKind.Text => JsonValue.Create(reader.GetValue(i).ToString()),
                ColumnKind.Long => JsonValue.Create(Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)),
                ColumnKind.Bool => JsonValue.Create(reader.GetValue(i) is bool b ? b : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture) != 0),
                _ => JsonValue.Create(Convert.ToBase64String((byte[])reader.GetValue(i))),
            };
        }
        return row;
    }

    /// <summary>Imports <paramref name="tables"/> (as <see cref="ExportAsync"/> writes them) into <paramref name="project"/>:
    /// <see cref="ModeReplace"/> deletes the project's state first; <see cref="ModeMerge"/> keeps it and skips rows whose key
    /// is taken. Every row is checked first: a bad one is a 400 naming it, and nothing is written.</summary>
    public async Task<ImportOutcome> ImportAsync(string project, JsonElement tables, string mode, CancellationToken ct = default)
    {
        if (tables.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("tables must be an object of table name to rows");
        var known = StateTables.Exported.Select(t => t.Name).Append("project").ToHashSet(StringComparer.Ordinal);
        foreach (var property in tables.EnumerateObject())
            if (!known.Contains(property.Name)) throw CocErrors.Invalid($"tables.{property.Name} is not a table of an export");
        var plan = StateTables.Exported.Select(t => (Table: t, Rows: ParametersOf(project, t, tables))).ToList();
        var (projectName, domain) = ProjectRow(tables);

        try
        {
            return new ImportOutcome(await WriteAsync(project, mode, plan, projectName, domain, ct));
        }
        catch (DbException e) when (!database.Dialect.IsStorageFull(e))
        {
            throw CocErrors.Invalid($"the document does not fit the schema (nothing was imported): {e.Message}");
        }
    }

    private Task<Dictionary<string, int>> WriteAsync(
        string project, string mode, List<(StateTable Table, List<DynamicParameters> Rows)> plan, string? projectName, string? domain, CancellationToken ct) =>
        database.WriteAsync(async (c, tx) =>
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            if (mode == ModeReplace)
                foreach (var (table, scope) in StateTables.ProjectScoped)
                    await c.ExecuteAsync($"DELETE FROM {table} WHERE {scope}", new { p = project }, tx);
            if (domain is not null)
                await c.ExecuteAsync(
                    "INSERT INTO projects (id, name, domain_id) SELECT @project, @name, @domain WHERE EXISTS (SELECT 1 FROM domains WHERE id = @domain) ON CONFLICT DO NOTHING",
                    new { project, name = projectName ?? project, domain }, tx);
            foreach (var (table, rows) in plan)
            {
                var columns = table.Columns.Select(col => col.Name).ToList();
                if (table == StateTables.Webhooks) columns.Add("secret");
                var sql = $"INSERT INTO {table.Name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@c" + i))}) ON CONFLICT DO NOTHING";
                var n = 0;
                foreach (var row in rows) n += await c.ExecuteAsync(sql, row, tx);
                counts[table.Name] = n;
            }
            // The ticket count the lists read (sharded by creates) is the project's tickets, counted again.
            await c.ExecuteAsync("DELETE FROM project_ticket_counts WHERE project = @project", new { project }, tx);
            await c.ExecuteAsync(
                "INSERT INTO project_ticket_counts (project, shard, tickets) SELECT @project, 0, COUNT(*) FROM tickets WHERE project = @project",
                new { project }, tx);
            await c.ExecuteAsync("DELETE FROM ticket_status_counts WHERE project = @project", new { project }, tx);
            await c.ExecuteAsync(
                """
                INSERT INTO ticket_status_counts (project, status, level, shard, tickets)
                SELECT project, status, level, 0, COUNT(*) FROM tickets WHERE project = @project GROUP BY project, status, level
                """, new { project }, tx);
            return counts;
        }, ct);

    private static (string? Name, string? Domain) ProjectRow(JsonElement tables)
    {
        if (!tables.TryGetProperty("project", out var p) || p.ValueKind == JsonValueKind.Null) return (null, null);
        if (p.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("tables.project must be an object");
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (Text("name"), Text("domain_id"));
    }

    private List<DynamicParameters> ParametersOf(string project, StateTable table, JsonElement tables)
    {
        var list = new List<DynamicParameters>();
        if (!tables.TryGetProperty(table.Name, out var rows) || rows.ValueKind == JsonValueKind.Null) return list;
        if (rows.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid($"tables.{table.Name} must be an array of rows");
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var where = $"tables.{table.Name}[{index++}]";
            if (row.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{where} must be an object");
            var parameters = new DynamicParameters();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                parameters.Add("c" + i, column.Name == "project" ? project : ValueOf(row, column, $"{where}.{column.Name}"));
            }
            if (table == StateTables.Webhooks)
            {
                var id = ValueOf(row, table.Columns[0], where + ".id") as string ?? throw CocErrors.Required(where + ".id");
                parameters.Add("c" + table.Columns.Count, secrets.ProtectWebhookSecret(id, Webhook.NewSecret()));
            }
            list.Add(parameters);
        }
        return list;
    }

    private static object? ValueOf(JsonElement row, StateColumn column, string name)
    {
        if (!row.TryGetProperty(column.Name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        switch (column.Kind)
        {
            case ColumnKind.Text when v.ValueKind == JsonValueKind.String:
                return v.GetString();
            case ColumnKind.Long when v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n):
                return n;
            case ColumnKind.Bool when v.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return v.GetBoolean();
            case ColumnKind.Bytes when v.ValueKind == JsonValueKind.String:
                try { return Convert.FromBase64String(v.GetString()!); }
                catch (FormatException) { throw CocErrors.Invalid($"{name} must be base64"); }
            default:
                throw CocErrors.Invalid($"{name} must be {column.Kind switch
                {
                    ColumnKind.Text => "a string",
                    ColumnKind.Long => "an integer",
                    ColumnKind.Bool => "a boolean",
                    _ => "a base64 string",
                }} or null");
        }
    }
}
