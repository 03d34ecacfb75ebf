using System.Net;

namespace Coc.Server.Tests.Auth;

/// <summary>Secure mode, keys bound to person ops-alice (one also holding actForOthers) and one bound to nobody.</summary>
public sealed class ActingPersonServer() : AuthServer(settings: Settings())
{
    public const string Project = "acting-person";
    public static readonly TestKey Alice = new("ACTINGALICE00000001", "acting-alice-secret-0123456789abcdef");
    public static readonly TestKey AliceForOthers = new("ACTINGFOROTHERS0001", "acting-for-others-secret-0123456789ab");
    public static readonly TestKey System = new("ACTINGSYSTEM0000001", "acting-system-secret-0123456789abcdef");

    /// <summary>Every ticket action but actForOthers, which coc:ticket:* would include.</summary>
    private const string OwnActions = "coc:ticket:create,coc:ticket:get,coc:ticket:list,coc:ticket:action,coc:ticket:getOperationHistories";

    private static IEnumerable<KeyValuePair<string, string>> Settings() =>
    [
        .. KeySettings(3, Alice, OwnActions),
        KeyValuePair.Create("Coc:AccessKeys:3:Person", People.Alice),
        .. KeySettings(4, AliceForOthers, OwnActions + ",coc:ticket:actForOthers"),
        KeyValuePair.Create("Coc:AccessKeys:4:Person", People.Alice),
        .. KeySettings(5, System, OwnActions),
    ];

    public CocApi As(TestKey key)
    {
        EnsureProjectAsync(Project).GetAwaiter().GetResult();
        return Api(key, Project);
    }
}

/// <summary>auth.md, People behind credentials: a credential bound to a person acts as that person.</summary>
public sealed class ActingPersonTests(ActingPersonServer server) : IClassFixture<ActingPersonServer>
{
    [Fact]
    public async Task A_key_bound_to_a_person_cannot_create_as_someone_else_and_the_refusal_changes_nothing()
    {
        var alice = server.As(ActingPersonServer.Alice);
        var before = await alice.TotalAsync();

        var refused = await alice.TryCreateAsync(Bodies.Create(creator: People.Carol));

        Wire.AssertError(refused, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "creator");
        Assert.Contains("coc:ticket:actForOthers", refused.Text, StringComparison.Ordinal);
        Assert.Equal(before, await alice.TotalAsync());
        Wire.AssertOk(await alice.TryCreateAsync(Bodies.Create(creator: People.Alice)));
    }

    [Fact]
    public async Task A_key_bound_to_a_person_cannot_handle_as_someone_else_and_the_refusal_changes_nothing()
    {
        var alice = server.As(ActingPersonServer.Alice);
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Alice));

        var refused = await alice.HandleAsync(number, People.Bob, "acceptedIncident1");

        Wire.AssertError(refused, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "operator");
        Assert.Equal(Statuses.Triggered, await alice.StatusAsync(number));
        Assert.Single((await alice.HistoryAsync(number)).EnumerateArray());
    }

    [Fact]
    public async Task ActForOthers_or_a_key_bound_to_nobody_may_name_any_directory_person()
    {
        var forOthers = server.As(ActingPersonServer.AliceForOthers);
        var number = await forOthers.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Carol));
        Wire.AssertOk(await forOthers.HandleAsync(number, People.Bob, "acceptedIncident1"));

        var system = server.As(ActingPersonServer.System);
        var other = await system.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Carol));
        Wire.AssertOk(await system.HandleAsync(other, People.Bob, "acceptedIncident1"));

        var entries = (await system.HistoryAsync(other)).EnumerateArray().ToList();
        Assert.All(entries, e => Wire.AssertString(e, "principal", "ak:" + ActingPersonServer.System.AccessKey));
        Assert.Equal([People.Carol, People.Bob], entries.Select(e => e.Str("operator")));
    }
}
