using System.Text.Json.Nodes;
using Coc.Core.Reference;
using Coc.Core.Tickets.V2.Filters;
using Coc.Server.Features.IncidentsV2;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

/// <summary>The v2 and WarRoom wire shapes (v2.md, warrooms.md), from the same limits the endpoints enforce.</summary>
internal static partial class ComponentSchemas
{
    private const int WarRoomItems = 1000;

    private static JsonObject V2(Catalog catalog) => new()
    {
        ["V2Filter"] = Described(Object(new JsonObject
        {
            ["field"] = String(FilterReader.MaxName, 1),
            ["operator"] = Described(String(FilterReader.MaxOperator, 1),
                "= in != like startwith endwith > < >= <= (any case); which apply depends on the field"),
            ["values"] = Array(OneOf(String(FilterReader.MaxValue), new JsonObject { ["type"] = "number" }, Boolean()), FilterReader.MaxValues, minItems: 1),
            ["name"] = Described(String(FilterReader.MaxName, nullable: true), "names the filter for condition"),
            ["group"] = new JsonObject(), ["match_type"] = new JsonObject(), ["priority_type"] = new JsonObject(),
        }, ["field", "operator", "values"]), "ObjectFilterV2: the field decides its type, whichever list holds the filter"),
        ["V2SortFilter"] = Object(new JsonObject
        {
            ["field"] = Text(), ["operator"] = new JsonObject { ["type"] = "string", ["pattern"] = AnyCase("asc", "desc") },
            ["values"] = Described(new JsonObject(), "ignored"),
        }, ["field", "operator"]),
        ["ListIncidentsV2Request"] = Object(Filters(new JsonObject
        {
            ["count_filters"] = Array(Object(new JsonObject
            {
                ["name"] = String(FilterReader.MaxName, nullable: true),
                ["filters"] = Array(Ref("V2Filter"), ListV2Endpoints.MaxCountFilterItems),
            }), ListV2Endpoints.MaxCountFilters, nullable: true),
            ["fields"] = Array(Enum([.. TicketFields.All.Select(f => f.Name), "phase", "enum_data_list"]), ListV2Endpoints.MaxFields, nullable: true),
            ["page"] = Integer(1, ListV2Endpoints.MaxPage, nullable: true).With("default", 1),
            ["per_page"] = Integer(1, ListV2Endpoints.MaxPerPage, nullable: true).With("default", ListV2Endpoints.DefaultPerPage),
            ["contain_total"] = Boolean(),
            ["contain_all"] = Described(Boolean(), $"true: page and per_page ignored, the first {ListV2Endpoints.MaxAll} matches"),
            ["contain_sub_ticket"] = Described(Boolean(), "accepted, no effect"),
            ["ticket_types"] = Array(Enum(["incident"]), nullable: true),
            ["group_by_filter"] = Described(Null(), "not supported"),
        })),
        ["IncidentV2Item"] = Described(Object(ItemProperties(), ["ticket_id"]),
            "CocIncidentDataV2: every scalar a string; every key present unless fields narrows them"),
        ["ListIncidentsV2Response"] = Success(Record(new JsonObject
        {
            ["total"] = Integer(0, nullable: true), ["tickets"] = Array(Ref("IncidentV2Item")), ["count_results"] = Array(Integer(0)),
        })),
        ["TaskV2"] = Record(new JsonObject
        {
            ["type"] = Enum(["OperateNode", "PauseNode", "ApprovalNode"]), ["key"] = Text(), ["name"] = Text(),
            ["state"] = Enum(["running", "suspended"]),
            ["operations"] = Array(Record(new JsonObject
            {
                ["task_id"] = Described(Text(), "the node's visit: stale once the ticket moves on"), ["key"] = Text(),
                ["name_cn"] = Text(), ["name_en"] = Text(),
            })),
            ["name_en"] = Text(),
        }),
        ["ShowIncidentTaskResponse"] = Success(Array(Ref("TaskV2"))),
        ["HandleIncidentV2Request"] = Object(new JsonObject
        {
            ["task_id"] = String(100, 1), ["action"] = Described(String(100, 1), "a v2 action key or its v1 operate_key; blanks trimmed"),
            ["params"] = Described(new JsonObject { ["type"] = new JsonArray("object", "null"), ["maxProperties"] = 1024 },
                "the operation's parameters (workflow.md); strings for booleans and times are accepted"),
            ["operator"] = Described(String(255), "added [ours]: the acting person, under v1's rule (naming another person needs "
                + "coc:ticket:actForOthers); absent or empty: the credential's person"),
        }, ["task_id", "action"]),
        ["ListIncidentHistoriesV2Request"] = Object(Filters([])),
        ["HistoriesV2Response"] = Success(Record(new JsonObject
        {
            ["total"] = Integer(0),
            ["info"] = Array(Record(new JsonObject
            {
                ["action"] = Text(), ["action_name_zh"] = Text(), ["action_name_en"] = Text(), ["operator"] = Text(),
                ["status"] = Enum(catalog.Statuses.Entries.Select(e => e.Key)), ["start_time"] = Text(), ["stop_time"] = Text(),
                ["comment"] = Text(true), ["enum_data_list"] = Array(EnumDataV2()),
            }), HistoryV2Endpoints.MaxEntries),
        })),
        ["CreateWarRoomRequest"] = Object(new JsonObject
        {
            ["war_room_name"] = String(255, 1), ["description"] = String(255, nullable: true),
            ["region_code_list"] = Array(String(255, 1), WarRoomItems, nullable: true),
            ["application_id_list"] = Array(String(255, 1), WarRoomItems, minItems: 1),
            ["incident_number"] = String(255, 1),
            ["schedule_group"] = Array(Object(new JsonObject { ["role_id"] = String(255, 1), ["scene_id"] = String(255, 1) }, ["role_id", "scene_id"]), WarRoomItems),
            ["participant"] = Array(String(255, 1), WarRoomItems, nullable: true),
            ["war_room_admin"] = Described(String(255, 1), "person id"),
            ["application_names"] = Array(String(1000), WarRoomItems, nullable: true),
            ["region_names"] = Array(String(1000), WarRoomItems, nullable: true),
            ["enterprise_project_id"] = String(64, 1),
            ["notification_type"] = Enum(["WECHAT", "DING_TALK", "LARK", "NULL_GROUP"], nullable: true),
            ["notification_modes"] = Array(Enum(["1", "2", "3", "4", "5"]), 5, nullable: true),
        }, ["war_room_name", "application_id_list", "incident_number", "schedule_group", "war_room_admin", "enterprise_project_id"]),
        ["CreateWarRoomResponse"] = Success(Described(Text(), "the WarRoom number (WR…)")),
        ["ListWarRoomsRequest"] = Object(WarRoomListProperties()),
        ["WarRoom"] = WarRoomRecord(),
        ["ListWarRoomsResponse"] = Success(Record(new JsonObject
        {
            ["list"] = Array(Ref("WarRoom")), ["total"] = Integer(0), ["total_num"] = Integer(0), ["running_num"] = Integer(0), ["closed_num"] = Integer(0),
        })),
    };

    private static JsonObject Filters(JsonObject more)
    {
        more["string_filters"] = Array(Ref("V2Filter"), FilterReader.MaxFilters, nullable: true);
        more["int_filters"] = Array(Ref("V2Filter"), FilterReader.MaxFilters, nullable: true);
        more["condition"] = Described(String(FilterReader.MaxCondition, nullable: true), "filter names with & (and), | (or) and parentheses");
        more["sort_filter"] = OneOf(Ref("V2SortFilter"), Null());
        return more;
    }

    private static JsonObject EnumDataV2() => Record(new JsonObject
    {
        ["prop_id"] = Text(), ["biz_id"] = Text(), ["filed_key"] = Text(), ["enum_key"] = Text(), ["name_zh"] = Text(), ["name_en"] = Text(),
    });

    private static JsonObject ItemProperties()
    {
        var properties = new JsonObject();
        foreach (var field in TicketFields.All) properties[field.Name] = Text(nullable: true);
        properties["phase"] = Text(nullable: true);
        properties["enum_data_list"] = Array(EnumDataV2());
        return properties;
    }

    private static JsonObject WarRoomListProperties()
    {
        JsonObject List(int items, int length) => Array(String(length), items, nullable: true);
        var properties = new JsonObject
        {
            ["limit"] = Integer(0, WarRoomItems, nullable: true).With("default", 0),
            ["offset"] = Integer(0, long.MaxValue, nullable: true).With("default", 0),
            ["war_room_nums"] = Described(List(WarRoomItems, 255), "non-empty: only these, every other filter ignored"),
            ["war_room_num"] = String(255, nullable: true), ["incident_num"] = String(64, nullable: true), ["title"] = String(1000, nullable: true),
            ["region_code_list"] = List(WarRoomItems, 200), ["incident_levels"] = List(WarRoomItems, 32), ["notification_level"] = List(WarRoomItems, 32),
            ["impacted_application_ids"] = List(WarRoomItems, 255), ["admin"] = List(WarRoomItems, 255), ["status"] = List(100, 10),
            ["current_users"] = List(WarRoomItems, 255), ["enterprise_project_ids"] = List(500, 64),
            ["statistic_flag"] = Boolean(),
        };
        foreach (var name in new[] { "triggered", "occur", "recover" })
        {
            properties[$"{name}_start_time"] = Integer(0, long.MaxValue, nullable: true);
            properties[$"{name}_end_time"] = Integer(0, long.MaxValue, nullable: true);
        }
        return properties;
    }

    private static JsonObject WarRoomRecord()
    {
        var list = Array(Text());
        return Record(new JsonObject
        {
            ["id"] = Text(), ["war_room_num"] = Text(), ["title"] = Text(), ["description"] = Text(true), ["admin"] = Text(true),
            ["recover_leader"] = list.DeepClone(), ["recover_member"] = list.DeepClone(),
            ["incident"] = Record(new JsonObject
            {
                ["id"] = Text(), ["incident_id"] = Text(), ["alarm_id"] = Text(true), ["is_change_event"] = Boolean(),
                ["source_id"] = Integer(nullable: true), ["failure_level"] = Text(), ["incident_url"] = Text(true),
            }),
            ["source"] = Text(),
            ["regions"] = Array(Record(new JsonObject { ["code"] = Text(), ["name"] = Text() })),
            ["impacted_application"] = Array(Record(new JsonObject { ["id"] = Text(), ["name"] = Text() })),
            ["change_num"] = Text(true), ["occur_time"] = Integer(0), ["recover_time"] = Integer(0, nullable: true),
            ["fault_cause"] = Text(true), ["create_time"] = Integer(0), ["first_report_time"] = Integer(nullable: true),
            ["recovery_notification_time"] = Integer(nullable: true), ["fault_impact"] = Text(true), ["circular_level"] = Text(),
            ["war_room_status"] = Record(new JsonObject
            {
                ["id"] = Enum(["1", "2"]), ["name_zh"] = Text(), ["name_en"] = Text(), ["type"] = Const("war_room_status"),
            }),
            ["processing_duration"] = Described(Integer(0), "whole minutes from create_time to close (to now while running)"),
            ["restoration_duration"] = Integer(nullable: true), ["enterprise_project_id"] = Text(),
            ["close_time"] = Integer(0, nullable: true), ["started_by"] = Enum(["rule", "api"]), ["participant"] = list.DeepClone(),
            ["schedule_group"] = Array(Record(new JsonObject { ["role_id"] = Text(), ["scene_id"] = Text() })),
            ["notification_type"] = Text(), ["notification_modes"] = list.DeepClone(),
        });
    }

    private static JsonObject With(this JsonObject schema, string keyword, JsonNode value)
    {
        schema[keyword] = value;
        return schema;
    }
}
