using System.Globalization;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Coc.Core.WarRooms;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.WarRooms;

/// <summary>WarRooms as records (warrooms.md): create one for an incident, list them with their counts.</summary>
public static class WarRoomEndpoints
{
    private const string Base = "/v1/external/warrooms";
    private const int Items = 1000;
    private static readonly string[] NotificationTypes = ["WECHAT", "DING_TALK", "LARK", "NULL_GROUP"];
    private static readonly string[] NotificationModes = ["1", "2", "3", "4", "5"];

    public static IEndpointRouteBuilder MapWarRooms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Base).WithTags("WarRooms");
        group.MapPost("", Create).RequirePermission(Permissions.WarRoomCreate).WithName("CreateWarRoom").WithSummary("Start a WarRoom for an incident");
        group.MapPost("/list", List).RequirePermission(Permissions.WarRoomList).WithName("ListWarRooms").WithSummary("WarRooms and their counts");
        return app;
    }

    private static async Task<IResult> Create(HttpContext http, WarRoomService warRooms)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var title = f.RequiredString("war_room_name");
        var description = f.OptionalString("description");
        var regions = NonEmptyItems(f, "region_code_list", Items, FieldLimits.Text) ?? [];
        var applications = NonEmptyItems(f, "application_id_list", Items, FieldLimits.Text);
        if (applications is not { Count: > 0 }) throw CocErrors.Required("application_id_list");
        var incident = f.RequiredString("incident_number");
        var schedules = Schedules(body.RootElement);
        var participants = NonEmptyItems(f, "participant", Items, FieldLimits.Text) ?? [];
        var admin = f.RequiredString("war_room_admin");
        var applicationNames = f.OptionalStringArray("application_names", Items, 1000) ?? [];
        var regionNames = f.OptionalStringArray("region_names", Items, 1000) ?? [];
        var enterpriseProject = f.RequiredString("enterprise_project_id", 64);
        var notificationType = f.OptionalString("notification_type") ?? "NULL_GROUP";
        if (!NotificationTypes.Contains(notificationType)) throw CocErrors.InvalidValue("notification_type", notificationType);
        var modes = f.OptionalStringArray("notification_modes", 5) ?? [];
        foreach (var mode in modes)
            if (!NotificationModes.Contains(mode)) throw CocErrors.InvalidValue("notification_modes", mode);

        var setup = new WarRoomSetup
        {
            Title = title, Description = description, Admin = admin, Participants = participants, Schedules = schedules,
            Regions = [.. regions.Select((code, i) => new CodeName(code, i < regionNames.Count && regionNames[i].Length > 0 ? regionNames[i] : code))],
            Applications = [.. applications.Select((id, i) => new IdName(id, i < applicationNames.Count && applicationNames[i].Length > 0 ? applicationNames[i] : id))],
            EnterpriseProject = enterpriseProject, NotificationType = notificationType, NotificationModes = modes, StartedBy = WarRoomSetup.ByApi,
        };
        var caller = Caller.Of(http);
        var num = await warRooms.CreateAsync(caller.Project, incident, setup, caller.PersonOrCredential, caller.Principal, http.RequestAborted);
        return WireResults.Ok(num, WarRoomJsonContext.Default.EnvelopeString);
    }


    private static IReadOnlyList<string>? NonEmptyItems(JsonFields f, string field, int max, int maxLength)
    {
        var items = f.OptionalStringArray(field, max, maxLength);
        for (var i = 0; i < (items?.Count ?? 0); i++)
            if (items![i].Length == 0) throw CocErrors.Invalid($"{field}[{i}] must not be empty");
        return items;
    }

    private static IReadOnlyList<ScheduleGroup> Schedules(System.Text.Json.JsonElement body)
    {
        if (!body.TryGetProperty("schedule_group", out var list) || list.ValueKind == System.Text.Json.JsonValueKind.Null)
            throw CocErrors.Required("schedule_group");
        if (list.ValueKind != System.Text.Json.JsonValueKind.Array) throw CocErrors.Invalid("schedule_group must be an array");
        if (list.GetArrayLength() > Items) throw CocErrors.Invalid($"schedule_group must have at most {Items} items");
        var i = 0;
        return [.. list.EnumerateArray().Select(item =>
        {
            var path = $"schedule_group[{i++}]";
            if (item.ValueKind != System.Text.Json.JsonValueKind.Object) throw CocErrors.Invalid($"{path} must be an object");
            var g = new JsonFields(item, path + ".");
            return new ScheduleGroup(g.RequiredString("role_id"), g.RequiredString("scene_id"));
        })];
    }

    private static async Task<IResult> List(HttpContext http, WarRoomService warRooms, Coc.Core.Tickets.TicketService tickets)
    {
        using var body = await RequestBody.ReadOptionalJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var limit = (int)(f.OptionalInteger("limit", 0, Items) ?? 0);
        var offset = f.OptionalInteger("offset", 0, long.MaxValue) ?? 0;
        var filter = new WarRoomFilter
        {
            Nums = WarRoomFilter.List(f, "war_room_nums", Items, 255),
            Num = Blank(f.OptionalString("war_room_num")),
            IncidentNum = Blank(f.OptionalString("incident_num", 64)),
            Title = Blank(f.OptionalString("title", 1000)),
            Regions = WarRoomFilter.List(f, "region_code_list", Items, 200),
            IncidentLevels = WarRoomFilter.List(f, "incident_levels", Items, 32),
            NotificationLevels = WarRoomFilter.List(f, "notification_level", Items, 32),
            Applications = WarRoomFilter.List(f, "impacted_application_ids", Items, 255),
            Admins = WarRoomFilter.List(f, "admin", Items, 255),
            Statuses = WarRoomFilter.List(f, "status", 100, 10),
            CurrentUsers = WarRoomFilter.List(f, "current_users", Items, 255),
            EnterpriseProjects = WarRoomFilter.List(f, "enterprise_project_ids", 500, 64),
            TriggeredStart = Time(f, "triggered_start_time"), TriggeredEnd = Time(f, "triggered_end_time"),
            OccurStart = Time(f, "occur_start_time"), OccurEnd = Time(f, "occur_end_time"),
            RecoverStart = Time(f, "recover_start_time"), RecoverEnd = Time(f, "recover_end_time"),
        };
        var onlyCounts = f.OptionalBoolean("statistic_flag") ?? false;
        var page = await warRooms.ListAsync(Caller.Of(http).Project, filter, offset, limit, onlyCounts, http.RequestAborted);
        var directory = tickets.Rules.Reference.Directory;
        var data = new WarRoomListData([.. page.Items.Select(w => ToWire(w, page, directory))], page.Total, page.TotalNum, page.RunningNum, page.ClosedNum);
        return WireResults.Ok(data, WarRoomJsonContext.Default.EnvelopeWarRoomListData);
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static long? Time(JsonFields f, string field) => f.OptionalInteger(field, 0, long.MaxValue);

    private static WarRoomData ToWire(WarRoom w, WarRoomPage page, PeopleDirectory directory)
    {
        var s = w.EffectiveSetup;
        var t = w.Incident;
        var recover = t.FaultRecoveryTime;
        return new WarRoomData
        {
            Id = w.Id.ToString(CultureInfo.InvariantCulture),
            WarRoomNum = w.Num,
            Title = s.Title,
            Description = s.Description,
            Admin = s.Admin,
            RecoverLeader = s.Admin is null ? [] : [s.Admin],
            RecoverMember = s.Members,
            Incident = new WarRoomIncident(t.Number, t.Number, null, false, null, t.Level, null),
            Source = t.Source,
            Regions = [.. s.Regions.Select(r => new WarRoomRegion(r.Code, r.Name))],
            ImpactedApplication = [.. s.Applications.Select(a => new WarRoomApplication(a.Id, a.Name == a.Id ? directory.ApplicationName(a.Id).En : a.Name))],
            OccurTime = w.OccurTime,
            RecoverTime = recover,
            FaultCause = page.Causes.GetValueOrDefault(t.Number),
            CreateTime = w.CreateTime,
            CircularLevel = t.Level,
            WarRoomStatus = w.Status == WarRoom.Running
                ? new WarRoomStatusData(WarRoom.Running, "进行中", "Running", "war_room_status")
                : new WarRoomStatusData(WarRoom.Closed, "已关闭", "Closed", "war_room_status"),
            ProcessingDuration = ((w.CloseTime ?? page.Now) - w.CreateTime) / 60_000,
            RestorationDuration = recover is { } r ? (r - w.OccurTime) / 60_000 : null,
            EnterpriseProjectId = s.EnterpriseProject,
            CloseTime = w.CloseTime,
            StartedBy = s.StartedBy,
            Participant = s.Participants,
            ScheduleGroup = [.. s.Schedules.Select(g => new WarRoomScheduleGroup(g.RoleId, g.SceneId))],
            NotificationType = s.NotificationType,
            NotificationModes = s.NotificationModes,
        };
    }
}
