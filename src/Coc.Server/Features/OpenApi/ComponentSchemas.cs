using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Coc.Server.Wire;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>
/// The wire shapes of api.md as JSON Schema: request rules from the validation's own limits (<see cref="FieldLimits"/>)
/// and enumerations from the loaded catalog (a tenant's catalog is data, so the document is built from it).
/// </summary>
internal static partial class ComponentSchemas
{
    /// <summary>The enum_data_list filed_key values of ticket details, in their order (seed 002).</summary>
    private static readonly string[] FiledKeys =
        ["current_cloud_service_id", "creator", "level_id", "work_flow_status", "mtm_type", "source_id", "assignee"];

    public static JsonObject Build(Catalog catalog)
    {
        var schemas = V1(catalog);
        foreach (var (name, schema) in V2(catalog)) schemas[name] = schema!.DeepClone();
        return schemas;
    }

    private static JsonObject V1(Catalog catalog) => new()
    {
        ["AlarmInfo"] = Described(new JsonObject { ["type"] = "object", ["required"] = new JsonArray("id", "name", "importance", "status", "converge_count") },
            "AlarmInfoDTO: id, name, importance, come_from, …, converge_count, associate_event_id (alarms.md, The alarm)"),
        ["IntegrationResponse"] = Object(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["error_code"] = Const(CocErrors.Success), ["error_msg"] = Null(),
            ["data"] = Object(new JsonObject
            {
                ["id"] = Text(), ["project_id"] = Text(), ["name"] = String(Coc.Core.Alarms.Integration.MaxName, 1),
                ["type"] = Enum([Coc.Core.Alarms.IntegrationTypes.Prometheus, Coc.Core.Alarms.IntegrationTypes.Custom]),
                ["enabled"] = Boolean(), ["key_hint"] = Text(), ["transfer_rule"] = new JsonObject { ["type"] = "object" },
                ["created_at"] = Time(), ["updated_at"] = Time(), ["last_event_at"] = Time(nullable: true),
                ["key"] = Text(), ["ingest_path"] = Text(),
            }, ["id", "project_id", "name", "type", "enabled", "key_hint", "transfer_rule", "created_at", "updated_at", "last_event_at"]),
        }, ["provider_code", "error_code", "error_msg", "data"]),
        ["IntegrationListResponse"] = Object(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["error_code"] = Const(CocErrors.Success), ["error_msg"] = Null(),
            ["data"] = Object(new JsonObject { ["total"] = Integer(0), ["integrations"] = Array(new JsonObject { ["type"] = "object" }) }, ["total", "integrations"]),
        }, ["provider_code", "error_code", "error_msg", "data"]),
        ["CreateIncidentRequest"] = CreateRequest(catalog),
        ["HandleIncidentRequest"] = HandleRequest(),
        ["ListHistoriesRequest"] = HistoriesRequest(),
        ["StringFilter"] = Object(new JsonObject
        {
            ["operator"] = Described(Enum(["=", "in"]), "= or in; values are OR-ed within a filter, filters AND-ed"),
            ["field"] = Enum(["ticket_id"]),
            ["name"] = String(FieldLimits.Text, nullable: true),
            ["values"] = Array(String(FieldLimits.Text), FieldLimits.HistoryFilterValues),
        }, ["operator", "field", "values"]),
        ["SortFilter"] = Object(new JsonObject
        {
            ["operator"] = new JsonObject
            {
                ["type"] = new JsonArray("string", "null"), ["pattern"] = "^$|" + AnyCase("asc", "desc"),
                ["description"] = "asc (the default) or desc, any case",
            },
            ["field"] = Described(Enum(["start_time"], nullable: true, allowEmpty: true), "creation time (the only sort field)"),
        }),
        ["CreateIncidentResponse"] = Success(Record(new JsonObject { ["incident_num"] = Text() })),
        ["HandleIncidentResponse"] = Success(Null()),
        ["IncidentDetails"] = Details(catalog),
        ["IncidentDetailsResponse"] = Success(Ref("IncidentDetails")),
        ["IncidentSimpleTicketInfo"] = Object(new JsonObject
        {
            ["ticket_id"] = Text(), ["title"] = Text(), ["description"] = Text(nullable: true),
            ["status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)), ["level"] = Text(),
            ["enterprise_project"] = Described(Text(nullable: true), "the ticket's first enterprise project, or null"),
            ["source"] = Text(), ["creator"] = Text(), ["assignee"] = Array(Text()), ["create_time"] = Time(),
            ["triage"] = Described(Record(new JsonObject
            {
                ["accept_time"] = Time(true), ["is_service_interrupt"] = Boolean(), ["paused_until"] = Time(true),
                ["pending_request"] = Enum(["pause", "level"], nullable: true),
            }), "[ours] only with extended=true: when it was accepted, the interruption flag, the end of a running pause, the type of a pending request"),
        }, ["ticket_id", "title", "description", "status", "level", "enterprise_project", "source", "creator", "assignee", "create_time"]),
        ["IncidentStatisticsResponse"] = Success(Record(new JsonObject
        {
            ["counts"] = Array(Record(new JsonObject
            {
                ["status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)), ["level"] = Text(), ["count"] = Integer(1),
            })),
            ["windows"] = Array(Record(new JsonObject
            {
                ["days"] = Integer(1, format: "int32"), ["since"] = Time(), ["until"] = Time(),
                ["levels"] = Array(Described(Record(new JsonObject
                {
                    ["level"] = Text(), ["created"] = Integer(0), ["accepted"] = Integer(0), ["mtta_ms"] = Integer(nullable: true),
                    ["completed"] = Integer(0), ["mttr_ms"] = Integer(nullable: true),
                }), "tickets of the level created in the window; mean times in ms, paused time excluded, null when none")),
            })),
        })),
        ["IncidentListResponse"] = Success(Record(new JsonObject
        {
            ["total"] = Integer(0), ["IncidentSimpleTicketInfos"] = Array(Ref("IncidentSimpleTicketInfo")),
        })),
        ["TicketHistoryInfo"] = History(catalog),
        ["EnumDataInfo"] = Object(new JsonObject
        {
            ["is_deleted"] = Boolean(), ["match_type"] = Text(true), ["ticket_id"] = Text(true), ["real_ticket_id"] = Text(true),
            ["name_zh"] = Text(true), ["name_en"] = Text(true), ["user_name"] = Text(true), ["biz_id"] = Text(true),
            ["prop_id"] = Text(true), ["model_id"] = Text(true),
        }),
        ["HistoryListResponse"] = Success(Record(new JsonObject { ["total"] = Integer(0), ["info"] = Array(Ref("TicketHistoryInfo")) })),
        ["UploadAttachmentRequest"] = Object(new JsonObject
        {
            ["file"] = Described(new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" },
                $"one file: {string.Join(", ", Coc.Core.Attachments.FileTypes.Extensions)}, checked by content; at most "
                + $"{Coc.Core.Attachments.AttachmentRules.MaxFileBytes} bytes"),
            ["incident_num"] = Described(String(FieldLimits.Text), "links the file to this ticket; without it the file is kept unlinked "
                + "and its doc_id can be linked by commitSolution1 (resolve_attachments) or ReOpen (attachments)"),
        }, ["file"]),
        ["UploadAttachmentResponse"] = Record(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["code"] = Const(CocErrors.Success), ["msg"] = Null(),
            ["error_code"] = Const(CocErrors.Success), ["error_msg"] = Null(),
            ["data"] = Record(new JsonObject { ["doc_id"] = Text(), ["doc_name"] = Text() }),
        }),
        ["ErrorEnvelope"] = Described(Record(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["error_code"] = Text(), ["error_msg"] = Text(), ["data"] = Null(),
        }), "A service error in the COC envelope; error_msg names the field and the rule"),
        ["AttachmentErrorEnvelope"] = Described(Record(new JsonObject
        {
            ["provider_code"] = Const(Envelopes.ProviderCode), ["code"] = Text(), ["msg"] = Text(), ["error_code"] = Text(),
            ["error_msg"] = Text(), ["data"] = Null(),
        }), "The upload's errors carry both key sets"),
        ["GatewayError"] = Described(Object(new JsonObject
        {
            ["error_code"] = new JsonObject { ["type"] = "string", ["pattern"] = "^APIGW\\." }, ["error_msg"] = Text(), ["request_id"] = Text(),
            ["canonical_request"] = Described(Text(), "401 for a signature mismatch, when diagnostics are on: what the server signed"),
            ["string_to_sign"] = Text(),
        }, ["error_code", "error_msg", "request_id"]), "The API gateway's own body (APIGW.* codes)"),
        ["TokenRequest"] = TokenRequest(),
        ["TokenResponse"] = Record(new JsonObject
        {
            ["token"] = Record(new JsonObject
            {
                ["expires_at"] = Text(), ["issued_at"] = Text(), ["methods"] = Array(Text()),
                ["project"] = Ref("IdName"), ["user"] = Ref("IdName"), ["domain"] = Ref("IdName"),
            }),
        }),
        ["IdName"] = Record(new JsonObject { ["id"] = Text(), ["name"] = Text() }),
        ["ProjectsResponse"] = Record(new JsonObject
        {
            ["projects"] = Array(Record(new JsonObject
            {
                ["id"] = Text(), ["name"] = Text(), ["domain_id"] = Text(), ["enabled"] = Boolean(), ["is_domain"] = Boolean(),
                ["parent_id"] = Text(), ["description"] = Text(),
            })),
        }),
        ["DomainsResponse"] = Record(new JsonObject
        {
            ["domains"] = Array(Record(new JsonObject { ["id"] = Text(), ["name"] = Text(), ["enabled"] = Boolean(), ["description"] = Text() })),
        }),
        ["ConsoleSession"] = Record(new JsonObject
        {
            ["user"] = Text(), ["person"] = Described(Text(true), "the directory person the user acts as, if bound"), ["project"] = Text(),
            ["issued_at"] = Integer(0), ["expires_at"] = Described(Integer(0), "ms since the epoch: the token's expiry, on the server's clock"),
            ["warn_before_ms"] = Described(Integer(0), "how long before expires_at the console warns (Coc:ConsoleSessionWarningMinutes)"),
            ["csrf_token"] = Described(Text(), "send as X-CSRF-Token with every unsafe request the cookie authenticates"),
            ["now"] = Described(Integer(0), "the server's clock (ms), so a page can count down to expires_at whatever its own clock says"),
        }),
        ["ConsoleConfig"] = Record(new JsonObject { ["mode"] = Enum(["secure", "emulator"]) }),
        ["ConsoleReference"] = Record(new JsonObject
        {
            ["catalog"] = Object([]), ["directory"] = Object([]), ["warroom_rules"] = Array(Object([])), ["workflow"] = Array(Object([])),
            ["limits"] = Described(Record(new JsonObject
            {
                ["text"] = Integer(1, format: "int32"), ["title"] = Integer(1, format: "int32"), ["description"] = Integer(1, format: "int32"),
                ["comment"] = Integer(1, format: "int32"), ["solution"] = Integer(1, format: "int32"), ["start_time_max_future_ms"] = Integer(0),
            }), "the length limits (characters) the validation enforces, and how far a start time may lie in the future"),
            ["attachments"] = Record(new JsonObject
            {
                ["file_types"] = Array(Text()), ["max_file_bytes"] = Integer(1, format: "int32"), ["max_per_ticket"] = Integer(0, format: "int32"),
            }),
            ["region_required"] = Described(Array(Record(new JsonObject { ["level"] = Text(), ["application"] = Text(true) })),
                "each level and application (null: none) for which a WarRoom rule matches without a region, so a region is required"),
            ["on_duty"] = Described(Array(Record(new JsonObject { ["scene"] = Text(), ["role"] = Text(), ["person"] = Text() })),
                "who is on duty for each scene and role"),
            ["caller"] = Described(Record(new JsonObject
            {
                ["principal"] = Text(), ["person"] = Text(true), ["act_for_others"] = Boolean(), ["relaxed_actors"] = Boolean(),
            }), "who the signed-in credential acts as: its bound person (null: none), whether it may name another person as operator "
                + "(coc:ticket:actForOthers, or bound to nobody), whether the workflow's assignee/creator rules are relaxed (emulator mode)"),
        }),
        ["Health"] = Object(new JsonObject { ["status"] = Text() }, ["status"]),
    };

    private static JsonObject Success(JsonObject data) => Record(new JsonObject
    {
        ["provider_code"] = Const(Envelopes.ProviderCode), ["error_code"] = Const(CocErrors.Success), ["error_msg"] = Null(), ["data"] = data,
    });

    /// <summary>"true"/"false" in any case (the SDK sends a string) or a JSON boolean.</summary>
    private static JsonObject StringOrBoolean() => OneOf(Boolean(), new JsonObject { ["type"] = "string", ["pattern"] = AnyCase("true", "false") });

    /// <summary>A required string: an empty one counts as absent (api.md), so at least one character.</summary>
    private static JsonObject RequiredText(int maxLength = FieldLimits.Text) => String(maxLength, 1);

    private static JsonObject Keys(EnumSet set, bool optional = false) =>
        optional ? Enum(set.Entries.Select(e => e.Key), nullable: true, allowEmpty: true) : Enum(set.Entries.Select(e => e.Key));

    private static JsonObject OneItemList() => Array(String(FieldLimits.Text), FieldLimits.ListItems, nullable: true);

    private static JsonObject CreateRequest(Catalog catalog) => Described(Object(new JsonObject
    {
        ["incident_level"] = Keys(catalog.Levels),
        ["is_service_interrupt"] = StringOrBoolean(),
        ["incident_type"] = Keys(catalog.Types),
        ["incident_title"] = Described(new JsonObject
        {
            ["type"] = "string", ["minLength"] = 1, ["maxLength"] = FieldLimits.Title, ["pattern"] = "\\S",
        }, "not only whitespace"),
        ["incident_source"] = Keys(catalog.Sources),
        ["creator"] = Described(RequiredText(), "person id; in secure mode a person of the directory"),
        ["incident_description"] = String(FieldLimits.Description, nullable: true),
        ["region"] = Described(OneItemList(), "required when a WarRoom rule matches the ticket"),
        ["enterprise_project"] = OneItemList(),
        ["current_cloud_service"] = Described(OneItemList(), "application id"),
        ["incident_assignee"] = Described(OneItemList(), "the assignee, or else both assignee_scene and assignee_role"),
        ["assignee_scene"] = String(FieldLimits.Text, nullable: true),
        ["assignee_role"] = String(FieldLimits.Text, nullable: true),
        ["incident_ownership"] = Keys(catalog.Ownerships, optional: true),
        ["start_time"] = Described(Integer(0, nullable: true),
            $"fault start, milliseconds since the Unix epoch; at most {FieldLimits.StartTimeSkewMs} ms in the future"),
    }, ["incident_level", "is_service_interrupt", "incident_type", "incident_title", "incident_source", "creator"]),
        "Strings count UTF-16 code units; an empty string, [\"\"] and [] count as absent for required and either-or rules");

    private static JsonObject HandleRequest() => Object(new JsonObject
    {
        ["incident_num"] = RequiredText(),
        ["operator"] = Described(RequiredText(), "person id of who acts"),
        ["operate_key"] = Enum(OperateKeys.All),
        ["parameter"] = Described(new JsonObject { ["type"] = new JsonArray("object", "null") },
            "the operation's parameters (workflow.md); comments and notes at most "
            + $"{FieldLimits.Comment} characters, cause and solution at most {FieldLimits.Solution}, "
            + $"at most {FieldLimits.AttachmentIds} doc ids"),
    }, ["incident_num", "operator", "operate_key"]);

    private static JsonObject HistoriesRequest() => Object(new JsonObject
    {
        ["string_filters"] = Described(Array(Ref("StringFilter"), FieldLimits.HistoryFilters, minItems: 1),
            "must hold a ticket_id filter (the call has no paging)"),
        ["sort_filter"] = Described(OneOf(Ref("SortFilter"), Null()), "absent or null: oldest first"),
    }, ["string_filters"]);

    private static JsonObject Details(Catalog catalog)
    {
        var list = Array(Text());
        return Record(new JsonObject
        {
            ["incident_num"] = Text(), ["region"] = list.DeepClone(), ["enterprise_project"] = list.DeepClone(),
            ["current_cloud_service"] = list.DeepClone(), ["incident_level"] = Text(), ["is_service_interrupt"] = Boolean(),
            ["incident_type"] = Text(), ["incident_title"] = Text(), ["incident_description"] = Text(true), ["incident_source"] = Text(),
            ["incident_assignee"] = list.DeepClone(), ["assignee_scene"] = Text(true), ["assignee_role"] = Text(true),
            ["warroom_id"] = Text(true), ["handle_time"] = Time(true), ["status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)),
            ["create_time"] = Time(), ["creator"] = Text(),
            ["enum_data_list"] = Array(Record(new JsonObject
            {
                ["filed_key"] = Enum(FiledKeys), ["enum_key"] = Text(), ["name_zh"] = Text(), ["name_en"] = Text(),
            })),
            ["start_time"] = Time(true), ["fault_recovery_time"] = Time(true), ["fault_delineation_time"] = Time(true),
            ["incident_ownership"] = Text(true), ["accept_time"] = Time(true), ["complete_time"] = Time(true),
            ["paused_ms"] = Integer(0), ["paused_until"] = Time(true),
            ["pending_request"] = OneOf(Null(), Record(new JsonObject
            {
                ["type"] = Enum([PendingRequest.PauseType, PendingRequest.LevelType]), ["requested_by"] = Text(), ["requested_at"] = Time(),
                ["reason"] = Text(), ["pause_end_time"] = Time(true), ["target_level"] = Text(true),
            })),
            ["mtta_ms"] = Integer(0, nullable: true), ["mttr_ms"] = Integer(0, nullable: true),
            ["attachments"] = Array(Record(new JsonObject
            {
                ["doc_id"] = Text(), ["doc_name"] = Text(), ["size"] = Integer(0), ["uploaded_at"] = Time(),
            })),
            ["allowed_operations"] = Described(Array(Enum(OperateKeys.All)), "the operate keys the workflow allows now"),
        });
    }

    private static JsonObject History(Catalog catalog)
    {
        var schema = Record(new JsonObject
        {
            ["id"] = Text(), ["ticket_id"] = Text(),
            ["action"] = Enum([OperateKeys.Create, .. OperateKeys.All, OperateKeys.AddRemark, OperateKeys.StartWarRoom]),
            ["sub_action"] = Text(true), ["operator"] = Text(), ["comment"] = Text(true),
            ["start_time"] = Described(Time(), "when it happened"), ["stop_time"] = Time(true), ["update_time"] = Time(),
            ["target_type"] = Text(true), ["target_value"] = Text(true),
            ["status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)), ["final_sub_action"] = Text(true),
            ["action_name_zh"] = Text(), ["action_name_en"] = Text(), ["action_template_zh"] = Text(true), ["action_template_en"] = Text(true),
            ["is_deteted"] = Boolean(), ["enum_data_list"] = Array(Ref("EnumDataInfo")), ["action_id"] = Text(),
            ["from_status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key), nullable: true),
            ["to_status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)),
            ["parameter"] = Described(new JsonObject { ["type"] = new JsonArray("object", "null") }, "the operation's parameters as sent"),
            ["warroom_started"] = Described(Text(true), "the WarRoom this operation started (by rule or through the WarRoom API), else null"),
        });
        // Being added alongside (auth.md, People behind credentials); optional until every server writes it.
        schema["properties"]!["principal"] = Described(Text(), "who authenticated: user:<name>, ak:<access key>, integration:<name> or anonymous");
        return schema;
    }

    private static JsonObject TokenRequest()
    {
        var idOrName = Object(new JsonObject { ["id"] = String(FieldLimits.Text), ["name"] = String(FieldLimits.Text) });
        return Object(new JsonObject
        {
            ["auth"] = Object(new JsonObject
            {
                ["identity"] = Object(new JsonObject
                {
                    ["methods"] = new JsonObject { ["type"] = "array", ["contains"] = Const("password") },
                    ["password"] = Object(new JsonObject
                    {
                        ["user"] = Object(new JsonObject
                        {
                            ["name"] = RequiredText(), ["password"] = RequiredText(Coc.Server.Features.Iam.IamEndpoints.MaxPasswordLength), ["domain"] = idOrName.DeepClone(),
                        }, ["name", "password"]),
                    }, ["user"]),
                }, ["methods", "password"]),
                ["scope"] = Object(new JsonObject { ["project"] = idOrName.DeepClone() }),
            }, ["identity"]),
        }, ["auth"]);
    }
}
