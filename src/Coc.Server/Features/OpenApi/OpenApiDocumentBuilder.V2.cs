using System.Text.Json.Nodes;
using Coc.Core.Auth;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>The v2 incident API (v2.md) and the WarRoom API (warrooms.md).</summary>
public static partial class OpenApiDocumentBuilder
{
    private static JsonObject V2Paths()
    {
        const string v2 = "/v2/incidents";
        JsonObject Id() => Path("incident_id", String(50, 1), "the ticket number (IM…)");
        return new JsonObject
        {
            [$"{v2}/list"] = new JsonObject
            {
                ["post"] = Operation("ListIncidentsV2", "Incidents v2", "List tickets with the v2 filter language", Permissions.TicketList,
                    Body("ListIncidentsV2Request"), [], Ok("ListIncidentsV2Response"), Errors.Body),
            },
            [$"{v2}/{{incident_id}}/tasks"] = new JsonObject
            {
                ["get"] = Operation("ShowIncidentTask", "Incidents v2", "The ticket's current tasks and the operations each offers",
                    Permissions.TicketListActions, null, [Id()], Ok("ShowIncidentTaskResponse"), Errors.BadRequest),
            },
            [$"{v2}/{{incident_id}}/actions"] = new JsonObject
            {
                ["post"] = Operation("HandleIncidentV2", "Incidents v2",
                    "Run one operation of a current task, as the person bound to the credential", Permissions.TicketAction,
                    Body("HandleIncidentV2Request"), [Id()], Ok("HandleIncidentResponse"), Errors.Body | Errors.Write | Errors.Conflict),
            },
            [$"{v2}/{{incident_id}}/histories"] = new JsonObject
            {
                ["post"] = Operation("ListIncidentsHistories", "Incidents v2", "The ticket's history, filtered (body optional)",
                    Permissions.TicketHistories, OptionalBody("ListIncidentHistoriesV2Request"), [Id()], Ok("HistoriesV2Response"), Errors.Body),
            },
            ["/v1/external/warrooms"] = new JsonObject
            {
                ["post"] = Operation("CreateWarRoom", "WarRooms", "Start a WarRoom for an incident; data is its number",
                    Permissions.WarRoomCreate, Body("CreateWarRoomRequest"), [], Ok("CreateWarRoomResponse"),
                    Errors.Body | Errors.Write | Errors.Conflict),
            },
            ["/v1/external/warrooms/list"] = new JsonObject
            {
                ["post"] = Operation("ListWarRooms", "WarRooms", "WarRooms, newest first, with their counts (limit defaults to 0)",
                    Permissions.WarRoomList, OptionalBody("ListWarRoomsRequest"), [], Ok("ListWarRoomsResponse"), Errors.Body),
            },
        };
    }

    private static JsonObject OptionalBody(string schema)
    {
        var body = Body(schema);
        body["required"] = false;
        return body;
    }
}
