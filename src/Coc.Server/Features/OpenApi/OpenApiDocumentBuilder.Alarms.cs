using System.Text.Json.Nodes;
using Coc.Core.Alarms;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>The paths of alarms.md: ingestion on an integration key, the alarm API (answers without the envelope), and
/// the integrations' admin API.</summary>
public static partial class OpenApiDocumentBuilder
{
    private static JsonObject WithAlarmPaths(JsonObject paths, Catalog catalog)
    {
        JsonObject AlarmId() => Path("alarm_id", String(AlarmIds.MaxLength, 1), "the alarm id (ALM…)");
        JsonObject IntegrationId() => Path("id", Text(), "the integration id (itg-…)");
        JsonObject Key() => Path("integration_key", Text(), $"the integration's key ({IntegrationKeys.Length} characters A-Za-z0-9): the credential");
        var anyObject = new JsonObject { ["type"] = "object" };
        JsonObject AnyBody() => new() { ["required"] = true, ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = anyObject.DeepClone() } } };
        JsonObject Answer(string description, JsonObject properties) => new() { ["200"] = Response(description, Record(properties)) };
        JsonObject Alarm() => Ref("AlarmInfo");
        JsonObject IdList() => Array(Text());
        JsonObject KeyRefused() => Response("the integration key is unknown, malformed or disabled (one answer for all three)", new JsonObject
        {
            ["allOf"] = new JsonArray(Ref("ErrorEnvelope"),
                new JsonObject { ["properties"] = new JsonObject { ["error_code"] = Const(CocErrors.IntegrationKeyCode) } }),
        });
        JsonObject Ingest(string id, string summary) => Anonymous(Operation(id, "Events", summary, null, AnyBody(), [Key()],
            new JsonObject { ["200"] = Response("applied and committed (data null)", Ref("ErrorEnvelope")), ["401"] = KeyRefused() },
            Errors.Body | Errors.Write | Errors.Anonymous));
        JsonObject Integration() => Ok("IntegrationResponse", "the integration (key and ingest_path only on create and rotate)");

        paths[IntegrationKeys.PrometheusPrefix + "{integration_key}"] = new JsonObject
        {
            ["post"] = Ingest("CreateReportPrometheusEvent", $"Alertmanager's webhook payload (version 4, 1 to {PrometheusPayload.MaxAlerts} alerts, at most 4 MiB)"),
        };
        paths[IntegrationKeys.CustomPrefix + "{integration_key}"] = new JsonObject
        {
            ["post"] = Ingest("CreateReportCustomEvent", "A custom event (alarmId, alarmName, alarmLevel, time, nameSpace, applicationId, alarmDesc, alarmSource, …)"),
        };
        paths["/v1/alarm-mgmt/alarm/{alarm_id}"] = new JsonObject
        {
            ["get"] = Operation("ShowAlarm", "Alarms", "One alarm ({data: Alarm}, no envelope)", Permissions.AlarmGet, null, [AlarmId()],
                Answer("the alarm", new JsonObject { ["data"] = Alarm() }), Errors.BadRequest),
        };
        paths["/v1/alarm-mgmt/alarms/cancel"] = new JsonObject
        {
            ["post"] = Operation("ClearAlarm", "Alarms", "Clear alarms: the alarming ones become resolved by hand ({data: [ids]})", Permissions.AlarmClear,
                AnyBody(), [], Answer("the cleared ids, in request order", new JsonObject { ["data"] = IdList() }), Errors.Body | Errors.Write | Errors.Conflict),
        };
        paths["/v1/alarm-mgmt/alarm/{alarm_id}/handle-histories"] = new JsonObject
        {
            ["get"] = Operation("ListAlarmHandleHistories", "Alarms", "An alarm's handle histories, newest first", Permissions.AlarmHandleHistories, null,
                [AlarmId(), Required(Query("offset", Integer(0, int.MaxValue), "item offset")), Required(Query("limit", Integer(1, 1000, format: "int32"), "page size"))],
                Answer("a page", new JsonObject
                {
                    ["count"] = Integer(0), ["alarm_handle_histories"] = Array(anyObject.DeepClone().AsObject()), ["resolved_record"] = new JsonObject { ["type"] = new JsonArray("object", "null") },
                }), Errors.BadRequest),
        };
        paths["/v1/alarm-mgmt/alarm/{alarm_id}/auto-process"] = new JsonObject
        {
            ["post"] = Operation("HandlerAlarm", "Alarms", "Record an auto-process request (nothing is executed); data is the work-order id",
                Permissions.InstanceExecuteDocument, AnyBody(), [AlarmId()], Answer("recorded", new JsonObject { ["data"] = Text() }), Errors.Body | Errors.Write | Errors.Conflict),
        };
        paths["/v1/alarm-mgmt/alarms-linked-incident"] = new JsonObject
        {
            ["post"] = Operation("TransferAlarmToIncident", "Alarms", "Create an incident (api.md create rules) and link the alarms to it",
                Permissions.AlarmLinkIncident, AnyBody(), [],
                Answer("created and linked", new JsonObject { ["data"] = IdList(), ["incident_num"] = Text() }), Errors.Body | Errors.Write | Errors.Conflict),
        };
        paths["/v1/alarm-mgmt/alarms"] = new JsonObject
        {
            ["get"] = Operation("ListAlarms", "Alarms", "Alarms, newest first", Permissions.AlarmList, null,
                [
                    Query("offset", Integer(0, int.MaxValue), "item offset"), Query("limit", Integer(1, 1000, format: "int32"), "page size (default 50)"),
                    Query("status", Enum([Coc.Core.Alarms.Alarm.Alarming, Coc.Core.Alarms.Alarm.Resolved]), "only alarms in this status"),
                    Query("importance", FilterText(FieldLimits.Text), "a comma list of " + string.Join(", ", Importance.All)),
                    Query("integration_id", FilterText(FieldLimits.Text), "only this integration's alarms"),
                    Query("incident_num", FilterText(FieldLimits.Text), "only alarms linked to this incident"),
                    Query("q", FilterText(FieldLimits.Text), "text in the name or description"),
                    Query("created_after", Time(), "created at or after (ms)"), Query("created_before", Time(), "created before (ms)"),
                ],
                Answer("a page", new JsonObject { ["count"] = Integer(0), ["alarms"] = Array(Alarm()) }), Errors.BadRequest),
        };
        paths["/v1/admin/integrations"] = new JsonObject
        {
            ["post"] = Operation("CreateIntegration", "Integrations", "Create an integration ({name, type, enabled?, transfer_rule?}); its key is shown once",
                Permissions.Admin, AnyBody(), [], Integration(), Errors.Body | Errors.Write),
            ["get"] = Operation("ListIntegrations", "Integrations", "The project's integrations", Permissions.Admin, null, [],
                Ok("IntegrationListResponse", "data: {total, integrations}"), Errors.None),
        };
        paths["/v1/admin/integrations/{id}"] = new JsonObject
        {
            ["get"] = Operation("ShowIntegration", "Integrations", "One integration", Permissions.Admin, null, [IntegrationId()], Integration(), Errors.BadRequest),
            ["put"] = Operation("UpdateIntegration", "Integrations", "Rename ({name?}) or replace the transfer rule ({transfer_rule?})", Permissions.Admin,
                AnyBody(), [IntegrationId()], Integration(), Errors.Body | Errors.Write),
        };
        foreach (var (verb, id, summary) in new[]
                 {
                     ("disable", "DisableIntegration", "Refuse its key (401) until enabled again"), ("enable", "EnableIntegration", "Accept its key again"),
                     ("rotate-key", "RotateIntegrationKey", "A new key (shown once); the old one stops working at once"),
                 })
            paths[$"/v1/admin/integrations/{{id}}/{verb}"] = new JsonObject
            {
                ["post"] = Operation(id, "Integrations", summary, Permissions.Admin, null, [IntegrationId()], Integration(), Errors.BadRequest | Errors.Write),
            };
        _ = catalog;
        return paths;
    }

    private static JsonObject Required(JsonObject parameter)
    {
        parameter["required"] = true;
        return parameter;
    }
}
