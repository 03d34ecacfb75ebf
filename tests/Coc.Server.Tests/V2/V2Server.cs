using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.V2;

/// <summary>Secure mode with keys bound to people (v2 actions act as the credential's person), one bound to nobody, and
/// the fixture key bound to the fixture rows' person.</summary>
public class V2Server(DateTimeOffset? clockStart) : AuthServer(settings: Settings(), clockStart: clockStart)
{
    public static readonly TestKey Alice = new("V2ALICE000000000001", "v2-alice-secret-0123456789abcdefghij");
    public static readonly TestKey Bob = new("V2BOB00000000000001", "v2-bob-secret-0123456789abcdefghijkl");
    public static readonly TestKey Carol = new("V2CAROL000000000001", "v2-carol-secret-0123456789abcdefghij");
    public static readonly TestKey Unbound = new("V2UNBOUND0000000001", "v2-unbound-secret-0123456789abcdefgh");

    private static IEnumerable<KeyValuePair<string, string>> Settings() =>
    [
        KeyValuePair.Create("Coc:AccessKeys:1:Person", People.Oncall), // TestKey.Fixture
        .. KeySettings(3, Alice), KeyValuePair.Create("Coc:AccessKeys:3:Person", People.Alice),
        .. KeySettings(4, Bob), KeyValuePair.Create("Coc:AccessKeys:4:Person", People.Bob),
        .. KeySettings(5, Carol), KeyValuePair.Create("Coc:AccessKeys:5:Person", People.Carol),
        .. KeySettings(6, Unbound),
    ];

    /// <summary>A caller with <paramref name="key"/> in <paramref name="project"/> (a fresh one unless named).</summary>
    public CocApi As(TestKey key, string? project = null)
    {
        project ??= "v2-" + Guid.NewGuid().ToString("N");
        EnsureProjectAsync(project).GetAwaiter().GetResult();
        return Api(key, project);
    }
}

/// <summary>The <see cref="V2Server"/> on the system clock, for class fixtures.</summary>
public sealed class V2TestServer() : V2Server(null);

/// <summary>The v2 calls on a <see cref="CocApi"/>.</summary>
public static class V2Calls
{
    public static Task<WireResponse> TasksAsync(this CocApi api, string number) =>
        api.GetAsync($"/v2/incidents/{Uri.EscapeDataString(number)}/tasks");

    /// <summary>The tasks (<c>data</c>); fails the test unless the call succeeds.</summary>
    public static async Task<IReadOnlyList<JsonElement>> TaskListAsync(this CocApi api, string number)
    {
        var r = await api.TasksAsync(number);
        Wire.AssertOk(r);
        return [.. r.Data.EnumerateArray()];
    }

    public static Task<WireResponse> ActAsync(this CocApi api, string number, string taskId, string action, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["task_id"] = taskId, ["action"] = action };
        if (parameters is not null) body["params"] = parameters;
        return api.PostAsync($"/v2/incidents/{Uri.EscapeDataString(number)}/actions", body);
    }

    /// <summary>Runs the action on the current task that offers it; fails the test unless it succeeds.</summary>
    public static async Task DoV2Async(this CocApi api, string number, string action, JsonObject? parameters = null)
    {
        var task = (await api.TaskListAsync(number)).First(t => t.GetProperty("operations").EnumerateArray().Any(o => o.Str("key") == action));
        var r = await api.ActAsync(number, task.GetProperty("operations")[0].Str("task_id"), action, parameters);
        Wire.AssertOk(r);
        Assert.Equal(JsonValueKind.Null, r.Data.ValueKind);
    }

    public static IReadOnlyList<string> OperationKeys(this JsonElement task) =>
        [.. task.GetProperty("operations").EnumerateArray().Select(o => o.Str("key"))];

    public static string TaskId(this JsonElement task) => task.GetProperty("operations")[0].Str("task_id");
}
