using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Server.Features.ControlPlane;
using Coc.Server.Wire;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>The <c>/_coc/…</c> control plane of control.md: for tests and emulation; in secure mode only for coc:admin
/// callers, and faults and the clock only when Coc:ControlPlane:AllowFaults / AllowClock are true.</summary>
public static partial class OpenApiDocumentBuilder
{
    private const string ControlTag = "Control plane";

    private static JsonObject WithControlPaths(JsonObject paths)
    {
        const string admin = "coc:admin (secure mode; emulator mode: every caller)";
        JsonObject Enveloped(JsonObject data) => Record(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["error_code"] = Const(CocErrors.Success), ["error_msg"] = Null(), ["data"] = data,
        });
        JsonObject Answer(string description, JsonObject data) => new() { ["200"] = Response(description, Enveloped(data)) };
        JsonObject NoData() => Answer("done (data null)", Null());
        JsonObject JsonBody(JsonObject schema, bool required = true) => new()
        {
            ["required"] = required, ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = schema } },
        };
        JsonObject NotFound(string what) => Response($"no such {what}", Ref("ErrorEnvelope"));
        JsonObject With(JsonObject responses, string status, JsonObject response)
        {
            responses[status] = response;
            return responses;
        }
        JsonObject Op(string id, string summary, JsonObject? body, JsonArray parameters, JsonObject responses, Errors errors, string? note = null)
        {
            var op = Operation(id, ControlTag, summary, admin, body, parameters, responses, errors);
            if (note is not null) op["description"] = op["description"]!.GetValue<string>() + " " + note;
            return op;
        }
        const string faultsNote = "In secure mode 403 unless Coc:ControlPlane:AllowFaults=true.";
        const string clockNote = "In secure mode 403 unless Coc:ControlPlane:AllowClock=true.";
        JsonObject Name() => Path("name", String(64, 1), "the snapshot's name (A-Z a-z 0-9 . _ -)");
        JsonObject ProjectPath() => Path("project_id", String(ResetEndpoints.MaxProjectId, 1), "the project");
        JsonObject FaultId() => Path("id", Text(), "the rule's id (flt-…)");
        JsonObject NotImplemented() => Response("PostgreSQL: snapshots are taken with pg_dump", Ref("ErrorEnvelope"));
        var snapshot = Record(new JsonObject { ["name"] = Text(), ["size"] = Integer(0), ["created_at"] = Time() });
        var exportDocument = Object(new JsonObject
        {
            ["format"] = Const(ProjectExportDocument.FormatName), ["schema_version"] = Integer(1), ["project_id"] = Text(),
            ["exported_at"] = Time(), ["tables"] = Described(new JsonObject { ["type"] = "object" },
                "rows by table: tickets, ticket_history, war_rooms, attachments, attachment_content (content in base64), integrations, alarms, alarm_handle_entries, webhooks (no secrets); project"),
        }, ["format", "schema_version", "tables"]);
        var fault = Object(new JsonObject
        {
            ["id"] = Text(), ["method"] = Text(nullable: true), ["path"] = String(FaultEndpoints.MaxPath, 1, nullable: true),
            ["operate_key"] = Text(nullable: true),
            ["probability"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["latency_ms"] = Integer(0, FaultEndpoints.MaxLatencyMs, nullable: true), ["status"] = Integer(400, 599, nullable: true, format: "int32"),
            ["error_code"] = Text(nullable: true), ["error_msg"] = Text(nullable: true), ["count"] = Integer(0, nullable: true),
            ["expires_in_ms"] = Integer(1, nullable: true), ["expires_at"] = Time(nullable: true), ["hits"] = Integer(0),
        }, ["id", "probability", "hits"]);
        var faultRequest = Object(new JsonObject
        {
            ["method"] = String(16, 1), ["path"] = String(FaultEndpoints.MaxPath, 1), ["operate_key"] = String(64, 1),
            ["probability"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1, ["default"] = 1 },
            ["latency_ms"] = Integer(0, FaultEndpoints.MaxLatencyMs), ["status"] = Integer(400, 599, format: "int32"),
            ["error_code"] = String(32, 1), ["error_msg"] = String(512), ["count"] = Integer(1, 1_000_000_000),
            ["expires_in_ms"] = Integer(1, ClockEndpoints.MaxAdvanceMs),
        });
        var clock = Record(new JsonObject { ["now"] = Time(), ["offset_ms"] = Integer() });

        paths["/_coc/info"] = new JsonObject
        {
            ["get"] = Op("ControlInfo", "Version, mode, engine, uptime, clock offset and counts", null, [], Answer("the service", Record(new JsonObject
            {
                ["version"] = Text(), ["mode"] = Enum(["emulator", "secure"]), ["engine"] = Enum(["sqlite", "postgres"]), ["started_at"] = Time(),
                ["uptime_ms"] = Integer(0), ["clock_offset_ms"] = Integer(), ["projects"] = Integer(0), ["tickets"] = Integer(0), ["alarms"] = Integer(0),
            })), Errors.None),
        };
        paths["/_coc/health"] = new JsonObject
        {
            ["get"] = Op("ControlHealth", "Each subsystem: ok, or the reason it is not", null, [],
                Answer("per subsystem", Record(new JsonObject { ["storage"] = Text(), ["dispatcher"] = Text(), ["cache"] = Text() })), Errors.None),
        };
        paths["/_coc/reset"] = new JsonObject
        {
            ["post"] = Op("ControlReset", "Delete tickets, histories, attachments, alarms, integrations, webhooks, events and idempotency keys: all, or of project_id; caches dropped",
                JsonBody(Object(new JsonObject { ["project_id"] = String(ResetEndpoints.MaxProjectId, 1), ["credentials"] = Boolean() }), required: false), [],
                Answer("reset", Record(new JsonObject { ["project_id"] = Text(nullable: true), ["credentials"] = Boolean() })), Errors.Body | Errors.Write),
        };
        paths["/_coc/snapshots"] = new JsonObject
        {
            ["post"] = Op("ControlCreateSnapshot", "A consistent copy of the whole state while serving (SQLite online backup)",
                JsonBody(Object(new JsonObject { ["name"] = String(64, 1) }), required: false), [],
                With(Answer("taken", snapshot.DeepClone().AsObject()), "501", NotImplemented()), Errors.Body | Errors.Conflict),
            ["get"] = Op("ControlListSnapshots", "The snapshots beside the database", null, [],
                With(Answer("oldest first", Record(new JsonObject { ["snapshots"] = Array(snapshot.DeepClone().AsObject()) })), "501", NotImplemented()), Errors.None),
        };
        paths["/_coc/snapshots/{name}/restore"] = new JsonObject
        {
            ["post"] = Op("ControlRestoreSnapshot", "Replace the running state with a snapshot; 409 when its schema is newer than the server's", null, [Name()],
                With(With(Answer("restored", Record(new JsonObject { ["name"] = Text(), ["schema_version"] = Integer(0) })), "404", NotFound("snapshot")),
                    "501", NotImplemented()), Errors.BadRequest | Errors.Conflict | Errors.Write),
        };
        paths["/_coc/snapshots/{name}"] = new JsonObject
        {
            ["delete"] = Op("ControlDeleteSnapshot", "Delete a snapshot", null, [Name()],
                With(With(NoData(), "404", NotFound("snapshot")), "501", NotImplemented()), Errors.BadRequest),
        };
        paths["/_coc/projects/{project_id}/export"] = new JsonObject
        {
            ["get"] = Op("ControlExportProject", "One project's state as one JSON document (the shape of --seed FILE)", null, [ProjectPath()],
                Answer("the document", exportDocument.DeepClone().AsObject()), Errors.BadRequest),
        };
        paths["/_coc/projects/{project_id}/import"] = new JsonObject
        {
            ["post"] = Op("ControlImportProject", "Import an export (bare, or the export's whole answer); 409 when its schema is newer", JsonBody(exportDocument.DeepClone().AsObject()),
                [ProjectPath(), Query("mode", Enum([Coc.Core.Storage.Control.ProjectTransfer.ModeMerge, Coc.Core.Storage.Control.ProjectTransfer.ModeReplace]),
                    "merge (default): rows whose key exists are skipped; replace: the project's state is deleted first")],
                Answer("rows inserted per table", Record(new JsonObject
                {
                    ["project_id"] = Text(), ["mode"] = Text(), ["rows"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Integer(0, format: "int32") },
                })), Errors.Body | Errors.Conflict | Errors.Write),
        };
        paths["/_coc/faults"] = new JsonObject
        {
            ["post"] = Op("ControlAddFault", "Add a rule: matching requests (method, path or prefix*, operate_key) are delayed and/or answered with its status and code (APIGW.* in the gateway body), before any state change",
                JsonBody(faultRequest), [], Answer("the rule", fault.DeepClone().AsObject()), Errors.Body | Errors.Conflict, faultsNote),
            ["get"] = Op("ControlListFaults", "The live rules, in the order they are tried", null, [],
                Answer("the rules", Record(new JsonObject { ["faults"] = Array(fault.DeepClone().AsObject()) })), Errors.None, faultsNote),
            ["delete"] = Op("ControlClearFaults", "Remove every rule", null, [], NoData(), Errors.None, faultsNote),
        };
        paths["/_coc/faults/{id}"] = new JsonObject
        {
            ["get"] = Op("ControlGetFault", "One rule, with its hits and what is left of its count", null, [FaultId()],
                With(Answer("the rule", fault.DeepClone().AsObject()), "404", NotFound("rule")), Errors.None, faultsNote),
            ["delete"] = Op("ControlRemoveFault", "Remove one rule", null, [FaultId()], With(NoData(), "404", NotFound("rule")), Errors.None, faultsNote),
        };
        paths["/_coc/clock"] = new JsonObject
        {
            ["get"] = Op("ControlGetClock", "The service clock: now and its offset from the wall clock", null, [], Answer("the clock", clock.DeepClone().AsObject()),
                Errors.Conflict, clockNote),
            ["post"] = Op("ControlSetClock", "Exactly one of {advance_ms}, {set: ms} or {reset: true}; 409 when it would go back past the newest stored time",
                JsonBody(Object(new JsonObject
                {
                    ["advance_ms"] = Integer(-ClockEndpoints.MaxAdvanceMs, ClockEndpoints.MaxAdvanceMs), ["set"] = Time(), ["reset"] = Boolean(),
                })), [], Answer("the clock", clock.DeepClone().AsObject()), Errors.Body | Errors.Conflict, clockNote),
        };
        return paths;
    }
}
