using System.Text.Json.Nodes;
using Coc.Core.Attachments;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Coc.Server.Features.Histories;
using Coc.Server.Features.Incidents;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the wire, built from the code's own limits, catalog and error codes (see
/// docs/decisions.md, OpenAPI: why it is not generated from the endpoints). No <c>servers</c>: the document is
/// served by the service it describes, so clients resolve paths against the URL they fetched it from.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    private const string Json = "application/json";

    public static JsonObject Build(ReferenceData reference, bool emulator)
    {
        var catalog = reference.Catalog;
        var security = new JsonArray(new JsonObject { ["sdkHmac"] = new JsonArray() }, new JsonObject { ["authToken"] = new JsonArray() });
        if (!emulator) security.Add(new JsonObject { ["consoleSession"] = new JsonArray() });
        if (emulator) security.Add(new JsonObject()); // no credentials: the emulator acts as "anonymous"
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "COC Incident Service",
                ["version"] = "v1",
                ["description"] = "A wire-compatible implementation of the Cloud Operations Center incident-ticket API. "
                    + "Every response carries X-Request-Id. Unknown request fields are ignored; answers may gain fields.",
            },
            ["security"] = security,
            ["tags"] = new JsonArray([.. new[] { "Incidents", "Histories", "Incidents v2", "WarRooms", "Attachments", "Events", "Alarms", "Integrations", "IAM", "Console", "Health", ControlTag }
                .Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["paths"] = WithControlPaths(WithAlarmPaths(Paths(catalog), catalog)),
            ["components"] = new JsonObject
            {
                ["schemas"] = ComponentSchemas.Build(catalog),
                ["responses"] = ErrorResponses(),
                ["parameters"] = new JsonObject
                {
                    ["ProjectId"] = Header("X-Project-Id", String(FieldLimits.Text),
                        "the project acted in (default: the credential's own project); X-Domain-Id for global credentials"),
                    ["IdempotencyKey"] = Header("Idempotency-Key", String(FieldLimits.IdempotencyKey, 1),
                        "a retry with the same key and body answers as the first request did (kept 24 hours, per project)"),
                },
                ["headers"] = new JsonObject
                {
                    ["X-Request-Id"] = new JsonObject { ["description"] = "the request's id, also in the server's log", ["schema"] = Text() },
                },
                ["securitySchemes"] = new JsonObject
                {
                    ["sdkHmac"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "Authorization",
                        ["description"] = "AK/SK signing as the Huawei Cloud SDK does it: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, "
                            + "Signature=…, with X-Sdk-Date (within 15 minutes of the server clock)",
                    },
                    ["authToken"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Auth-Token",
                        ["description"] = "a token from POST /v3/auth/tokens",
                    },
                    ["consoleSession"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "cookie", ["name"] = Auth.ConsoleSessionCookie.HttpName,
                        ["description"] = "secure mode, the web console only: the HttpOnly cookie set by POST /v1/console/session "
                            + $"({Auth.ConsoleSessionCookie.HttpsName} over https). Read only when the request carries no "
                            + $"Authorization or X-Auth-Token; unsafe methods also need {Auth.ConsoleSessionCookie.CsrfHeader} (the session's "
                            + "csrf_token) and, when sent, an Origin of this service, else 403. From another site's page it is ignored.",
                    },
                },
            },
        };
    }

    private static JsonObject Paths(Catalog catalog)
    {
        var paths = V1Paths(catalog);
        foreach (var (path, item) in V2Paths()) paths[path] = item!.DeepClone();
        return paths;
    }

    private static JsonObject V1Paths(Catalog catalog)
    {
        const string incident = "/v1/external/incident";
        var number = Path("incident_num", Text(), "the ticket number (IM…)");
        var docId = Path("doc_id", Text(), "the doc_id of an upload");
        var listParameters = new JsonArray(
            Query("offset", Integer(1, int.MaxValue, format: "int32", nullable: false).With("default", 1), "page number, from 1"),
            Query("limit", Integer(1, FieldLimits.PageSize, format: "int32").With("default", FieldLimits.DefaultPageSize), "page size"),
            CommaSeparated(Query("status", Array(Enum(catalog.Statuses.Entries.Select(e => e.Key)), minItems: 1),
                "only tickets in this status, or in any of several comma-separated ones [ours]")),
            CommaSeparated(Query("level", Array(Enum(catalog.Levels.Entries.Select(e => e.Key)), minItems: 1),
                "only tickets of this level, or of any of several comma-separated ones [ours]")),
            Query("assignee", FilterText(FieldLimits.Text), "only tickets assigned to this person (an id, or a directory display name)"),
            Query("creator", FilterText(FieldLimits.Text), "only tickets created by this person (an id, or a directory display name)"),
            Query("created_after", Time(), "created at or after (ms)"),
            Query("created_before", Time(), "created at or before (ms)"),
            Query("q", FilterText(FieldLimits.Text),
                "text in the title or description, the exact ticket number, or a person (id or display name) as assignee or creator"),
            Query("sort", Enum(IncidentListQuery.SortValues), "[ours] triage (open first, P1 first, unaccepted first, oldest first) or a column; a leading - sorts descending; default create_time descending"),
            Query("extended", Enum(["true", "false"]), "[ours] true: each item carries a triage object"));

        return new JsonObject
        {
            [$"{incident}/create"] = new JsonObject
            {
                ["post"] = Operation("CreateIncident", "Incidents", "Create an incident ticket", Permissions.TicketCreate,
                    Body("CreateIncidentRequest"), [Component("IdempotencyKey", "parameters")], Ok("CreateIncidentResponse"),
                    Errors.Body | Errors.Write | Errors.Conflict),
            },
            [$"{incident}/{{incident_num}}"] = new JsonObject
            {
                ["get"] = Operation("ShowIncident", "Incidents", "Incident ticket details", Permissions.TicketGet, null, [number],
                    Ok("IncidentDetailsResponse"), Errors.BadRequest | Errors.NoSuchApi),
            },
            [$"{incident}/handle"] = new JsonObject
            {
                ["post"] = Operation("HandleIncident", "Incidents", "Run one workflow operation on a ticket", Permissions.TicketAction,
                    Body("HandleIncidentRequest"), [Component("IdempotencyKey", "parameters")], Ok("HandleIncidentResponse"),
                    Errors.Body | Errors.Write | Errors.Conflict),
            },
            ["/v1/incident-tickets"] = new JsonObject
            {
                ["get"] = Operation("ListIncidents", "Incidents", "List tickets, newest first (offset is a page number)",
                    Permissions.TicketList, null, listParameters, Ok("IncidentListResponse"), Errors.BadRequest),
            },
            [Dashboard.StatisticsEndpoints.Path] = new JsonObject
            {
                ["get"] = Operation("IncidentStatistics", "Incidents",
                    "[ours] Counts by status and level; MTTA and MTTR by level over the last 7 and 30 days (the console's dashboard)",
                    Permissions.TicketList, null, [], Ok("IncidentStatisticsResponse"), Errors.None),
            },
            ["/v1/external/{ticket_type}/list-histories"] = new JsonObject
            {
                ["post"] = Operation("ListHistories", "Histories", "Operation history of tickets", Permissions.TicketHistories,
                    Body("ListHistoriesRequest"), [Path("ticket_type", Enum([HistoryEndpoints.TicketType]), "the ticket type")],
                    Ok("HistoryListResponse"), Errors.Body),
            },
            [$"{incident}/attachments"] = new JsonObject
            {
                ["post"] = Operation("UploadAttachment", "Attachments", "Upload one file (multipart part file; optional incident_num)",
                    Permissions.TicketUpload, Body("UploadAttachmentRequest", "multipart/form-data"), [],
                    new JsonObject
                    {
                        ["200"] = Response("the stored file's doc_id", Ref("UploadAttachmentResponse")),
                        ["400"] = Response("invalid parameters (both key sets)", Ref("AttachmentErrorEnvelope")),
                    }, Errors.TooLarge | Errors.Write),
            },
            [$"{incident}/attachments/{{doc_id}}"] = new JsonObject
            {
                ["get"] = Operation("DownloadAttachment", "Attachments", "The bytes of an uploaded file", Permissions.TicketGet, null, [docId],
                    new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "the file, with its content type and name (Content-Disposition: attachment)",
                            ["content"] = new JsonObject([.. FileTypes.ContentTypes.Select(t =>
                                KeyValuePair.Create(t, (JsonNode?)new JsonObject { ["schema"] = new JsonObject() }))]),
                        },
                    }, Errors.BadRequest),
            },
            ["/v3/auth/tokens"] = new JsonObject
            {
                ["post"] = Anonymous(Operation("IssueToken", "IAM",
                    "Issue an X-Auth-Token (password method, project scope); the token is in X-Subject-Token", null,
                    Body("TokenRequest"), [], new JsonObject
                    {
                        ["201"] = Response("issued", Ref("TokenResponse"),
                            new JsonObject { ["X-Subject-Token"] = new JsonObject { ["description"] = "the token", ["schema"] = Text() } }),
                        ["401"] = Component("Unauthorized", "responses"),
                        ["429"] = SignInThrottled(),
                    }, Errors.Body | Errors.Write | Errors.Anonymous)),
                ["delete"] = Operation("RevokeToken", "IAM", "Revoke the token named in X-Subject-Token", null, null,
                    [Header("X-Subject-Token", Text(), "the token to revoke (the caller's own, or any with coc:admin)", required: true)],
                    new JsonObject { ["204"] = new JsonObject { ["description"] = "revoked" } }, Errors.BadRequest | Errors.Write),
            },
            ["/v3/projects"] = new JsonObject
            {
                ["get"] = Operation("ListProjects", "IAM", "Projects of the caller's domain, optionally by name (the SDK asks with the region)",
                    null, null, [Query("name", FilterText(FieldLimits.Text), "the project name")], Ok("ProjectsResponse", "the projects"), Errors.BadRequest),
            },
            ["/v3/auth/domains"] = new JsonObject
            {
                ["get"] = Operation("ListDomains", "IAM", "The caller's domain", null, null, [], Ok("DomainsResponse", "the domain"), Errors.None),
            },
            ["/v1/console/config"] = new JsonObject
            {
                ["get"] = Anonymous(Operation("ConsoleConfig", "Console", "How the console must sign in: secure (token) or emulator",
                    null, null, [], Ok("ConsoleConfig", "the mode"), Errors.Anonymous)),
            },
            ["/v1/console/reference"] = new JsonObject
            {
                ["get"] = Operation("ConsoleReference", "Console", "Catalog, directory, WarRoom rules, workflow table, limits and the rules derived from them, for the console",
                    null, null, [], Ok("ConsoleReference", "the reference data"), Errors.None),
            },
            [Console.ConsoleSessionEndpoints.Path] = ConsoleSessionPath(),
            ["/healthz"] = new JsonObject
            {
                ["get"] = Anonymous(Operation("Health", "Health", "The process is up", null, null, [], Ok("Health", "up"), Errors.Health)),
            },
            ["/readyz"] = new JsonObject
            {
                ["get"] = Anonymous(Operation("Ready", "Health", "The database is reachable and migrated", null, null, [],
                    new JsonObject
                    {
                        ["200"] = Response("ready", Ref("Health")),
                        ["503"] = Response("not ready", Ref("Health")),
                    }, Errors.Health)),
            },
        };
    }

    [Flags]
    private enum Errors
    {
        None = 0,
        BadRequest = 1,
        TooLarge = 2,
        Body = BadRequest | TooLarge,
        Conflict = 4,
        Write = 8,
        NoSuchApi = 16,
        Anonymous = 32,
        Health = 64,
    }

    /// <summary>An operation with the error answers that can reach it (api.md, Errors).</summary>
    private static JsonObject Operation(string id, string tag, string summary, string? permission, JsonObject? body,
        JsonArray parameters, JsonObject responses, Errors errors)
    {
        var op = new JsonObject
        {
            ["operationId"] = id,
            ["tags"] = new JsonArray(tag),
            ["summary"] = summary,
        };
        if (permission is not null) op["description"] = $"Permission: {permission}.";
        if (!errors.HasFlag(Errors.Anonymous) && tag is not ("IAM" or "Console" or ControlTag))
            parameters.Insert(0, Component("ProjectId", "parameters"));
        if (parameters.Count > 0) op["parameters"] = parameters;
        if (body is not null) op["requestBody"] = body;

        void Add(string status, string response)
        {
            if (!responses.ContainsKey(status)) responses[status] = Component(response, "responses");
        }
        if (errors.HasFlag(Errors.BadRequest)) Add("400", "BadRequest");
        if (errors.HasFlag(Errors.TooLarge)) Add("413", "TooLarge");
        if (errors.HasFlag(Errors.Conflict)) Add("409", "Conflict");
        if (errors.HasFlag(Errors.NoSuchApi)) Add("404", "NoSuchApi");
        if (!errors.HasFlag(Errors.Anonymous) && !errors.HasFlag(Errors.Health))
        {
            Add("401", "Unauthorized");
            Add("403", "Forbidden");
            Add("429", "Throttled");
        }
        if (!errors.HasFlag(Errors.Health))
        {
            Add("500", "Internal");
            Add("503", "Unavailable");
        }
        if (errors.HasFlag(Errors.Write)) Add("507", "StorageFull");
        op["responses"] = responses;
        return op;
    }

    private static JsonObject Anonymous(JsonObject operation)
    {
        operation["security"] = new JsonArray();
        return operation;
    }

    private static JsonObject ErrorResponses()
    {
        JsonObject Coc(string description, params string[] codes) => Response(description, new JsonObject
        {
            ["allOf"] = new JsonArray(Schemas.Ref("ErrorEnvelope"),
                new JsonObject { ["properties"] = new JsonObject { ["error_code"] = Enum(codes) } }),
        });
        JsonObject Gateway(string description, string code) => Response(description, new JsonObject
        {
            ["allOf"] = new JsonArray(Schemas.Ref("GatewayError"),
                new JsonObject { ["properties"] = new JsonObject { ["error_code"] = Const(code) } }),
        });
        return new JsonObject
        {
            ["BadRequest"] = Coc("invalid parameters (error_msg names the field and the rule), or the ticket does not exist in the caller's project",
                CocErrors.InvalidParameterCode, CocErrors.TicketNotFoundCode),
            ["Conflict"] = Coc("not allowed in the ticket's status or by this operator, or a concurrent update (retry)",
                CocErrors.NotAllowedCode, CocErrors.ConcurrentUpdateCode),
            ["Unauthorized"] = Gateway("missing or invalid signature or token (Incorrect IAM authentication information: …)",
                CocErrors.UnauthorizedCode),
            ["Forbidden"] = Coc("authenticated but not permitted; error_msg names the missing action", CocErrors.ForbiddenCode),
            ["NoSuchApi"] = Gateway("no such API", CocErrors.NoSuchApiCode),
            ["TooLarge"] = Gateway($"request entity too large (a body over {Http.RequestBody.MaxBytes} bytes, a file over "
                + $"{AttachmentRules.MaxFileBytes})", CocErrors.TooLargeCode),
            ["Throttled"] = Gateway("throttled (per access key)", CocErrors.ThrottledCode),
            ["Internal"] = Coc("unexpected server error; error_msg names only the request id", CocErrors.InternalCode),
            ["Unavailable"] = Response("the service is starting or the database is unavailable; nothing was changed unless "
                + "error_msg says the outcome is unknown. Retry (with the same Idempotency-Key).", Schemas.Ref("ErrorEnvelope")),
            ["StorageFull"] = Response("storage is full: writes fail, reads keep working", Schemas.Ref("ErrorEnvelope")),
        };
    }

    private static JsonObject Ok(string schema, string description = "success") => new() { ["200"] = Response(description, Schemas.Ref(schema)) };

    private static JsonObject Response(string description, JsonObject schema, JsonObject? headers = null)
    {
        headers ??= [];
        headers["X-Request-Id"] = Component("X-Request-Id", "headers");
        return new JsonObject
        {
            ["description"] = description,
            ["headers"] = headers,
            ["content"] = new JsonObject { [Json] = new JsonObject { ["schema"] = schema } },
        };
    }

    private static JsonObject Body(string schema, string contentType = Json) => new()
    {
        ["required"] = true,
        ["content"] = new JsonObject { [contentType] = new JsonObject { ["schema"] = Schemas.Ref(schema) } },
    };

    private static JsonObject Component(string name, string section) => new() { ["$ref"] = $"#/components/{section}/{name}" };

    private static JsonObject Path(string name, JsonObject schema, string description) => Parameter(name, "path", schema, description, true);

    /// <summary>An array parameter written <c>a,b,c</c> (OpenAPI style form, not exploded).</summary>
    private static JsonObject CommaSeparated(JsonObject parameter)
    {
        parameter["style"] = "form";
        parameter["explode"] = false;
        return parameter;
    }

    private static JsonObject Query(string name, JsonObject schema, string description) => Parameter(name, "query", schema, description, false);

    private static JsonObject Header(string name, JsonObject schema, string description, bool required = false) =>
        Parameter(name, "header", schema, description, required);

    private static JsonObject Parameter(string name, string location, JsonObject schema, string description, bool required) => new()
    {
        ["name"] = name, ["in"] = location, ["required"] = required, ["description"] = description, ["schema"] = schema,
    };

    private static JsonObject With(this JsonObject schema, string keyword, JsonNode value)
    {
        schema[keyword] = value;
        return schema;
    }
}
