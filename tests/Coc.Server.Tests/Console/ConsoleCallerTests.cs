using System.Net;
using System.Text.Json;
using Coc.Core.Auth;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.Console;

/// <summary>
/// The console reference's <c>caller</c>: who the signed-in credential acts as (auth.md, People behind credentials), so the
/// console offers an "acting as" choice only to a caller the API lets name someone else.
/// </summary>
public sealed class ConsoleCallerTests(TokenServer server) : IClassFixture<TokenServer>
{
    private static readonly string[] OwnActions =
        [Permissions.TicketCreate, Permissions.TicketGet, Permissions.TicketList, Permissions.TicketAction, Permissions.TicketHistories];

    private async Task<JsonElement> CallerAsync(string name, IReadOnlyList<string> permissions, string? person)
    {
        await server.AuthStore.SaveUserAsync(new User(Secrets.NewId(), name, "default", TestPasswords.Hash(server.Password), permissions,
            TokenServer.Project, person));
        var (issued, token) = await server.IssueAsync(user: name);
        Assert.True(issued.Status == HttpStatusCode.Created, issued.ToString());
        var reference = await server.WithToken(token!).GetAsync("/v1/console/reference");
        Assert.True(reference.Status == HttpStatusCode.OK, reference.ToString());
        return reference.Json.GetProperty("caller");
    }

    [Fact]
    public async Task A_user_bound_to_a_person_without_actForOthers_acts_as_that_person_only()
    {
        var caller = await CallerAsync("caller-alice", OwnActions, People.Alice);

        Wire.AssertString(caller, "principal", "user:caller-alice");
        Wire.AssertString(caller, "person", People.Alice);
        Assert.False(caller.GetProperty("act_for_others").GetBoolean());
        Assert.False(caller.GetProperty("relaxed_actors").GetBoolean());
    }

    [Fact]
    public async Task ActForOthers_or_no_bound_person_lets_the_caller_name_anyone()
    {
        var delegated = await CallerAsync("caller-lead", [.. OwnActions, Permissions.TicketActForOthers], People.Bob);
        Wire.AssertString(delegated, "person", People.Bob);
        Assert.True(delegated.GetProperty("act_for_others").GetBoolean());

        var wildcard = await CallerAsync("caller-all", [Permissions.AllTicket], People.Carol);
        Assert.True(wildcard.GetProperty("act_for_others").GetBoolean());

        var unbound = await CallerAsync("caller-unbound", OwnActions, null);
        Assert.Equal(JsonValueKind.Null, unbound.GetProperty("person").ValueKind);
        Assert.True(unbound.GetProperty("act_for_others").GetBoolean());
    }
}

public sealed class ConsoleEmulatorCallerTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task In_emulator_mode_nobody_is_bound_and_the_workflow_relaxes_who_may_act()
    {
        using var http = server.CreateWireClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/v1/console/reference"));
        var caller = doc.RootElement.GetProperty("caller");

        Assert.Equal(JsonValueKind.Null, caller.GetProperty("person").ValueKind);
        Assert.True(caller.GetProperty("act_for_others").GetBoolean());
        Assert.True(caller.GetProperty("relaxed_actors").GetBoolean());
    }
}
