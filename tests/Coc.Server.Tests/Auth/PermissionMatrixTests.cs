using System.Net;
using System.Text;
using System.Text.Json;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// Secure mode, two projects A and B of domain "default", one key bound to A per permission set, and one admin key
/// bound to each project. Tickets and a file live in both projects before the tests run.
/// </summary>
public sealed class PermissionMatrixServer : AuthServer, IAsyncLifetime
{
    public const string ProjectA = "matrix-project-a";
    public const string ProjectB = "matrix-project-b";

    /// <summary>Permission set name → the Permissions setting of its key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sets = new Dictionary<string, string>
    {
        ["create"] = "coc:ticket:create",
        ["get"] = "coc:ticket:get",
        ["list"] = "coc:ticket:list",
        ["action"] = "coc:ticket:action",
        ["histories"] = "coc:ticket:getOperationHistories",
        ["upload"] = "coc:ticket:uploadFile",
        ["ticket-all"] = "coc:ticket:*",
        ["all"] = "coc:*",
        ["none"] = "",
    };

    public static readonly TestKey AdminA = new("MATRIXADMINA0000001", "matrix-admin-a-secret-0123456789abcdef");
    public static readonly TestKey AdminB = new("MATRIXADMINB0000001", "matrix-admin-b-secret-0123456789abcdef");

    /// <summary>Configured, but every request of the 401 rows carries a wrong signature for it.</summary>
    public static readonly TestKey BadSignature = new("MATRIXBADSIG0000001", "matrix-bad-signature-secret-0123456789");

    public static TestKey KeyFor(string set) => new("MATRIX" + set.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() + "0001",
        $"matrix-{set}-secret-0123456789abcdefghij");

    public PermissionMatrixServer() : base(settings: Settings())
    {
    }

    private static IEnumerable<KeyValuePair<string, string>> Settings()
    {
        var index = 3;
        foreach (var (set, permissions) in Sets)
            foreach (var s in KeySettings(index++, KeyFor(set), permissions, ProjectA)) yield return s;
        foreach (var s in KeySettings(index++, AdminA, "coc:*", ProjectA)) yield return s;
        foreach (var s in KeySettings(index++, AdminB, "coc:*", ProjectB)) yield return s;
        foreach (var s in KeySettings(index++, BadSignature, "coc:*", ProjectA)) yield return s;
    }

    public string TicketA { get; private set; } = "";
    public string TitleA { get; } = "matrix ticket of A " + Guid.NewGuid().ToString("N");
    public string DocA { get; private set; } = "";
    public byte[] DocABytes { get; } = Encoding.UTF8.GetBytes("file of project A\n");

    public string TicketB { get; private set; } = "";
    public string TicketB2 { get; private set; } = "";
    public string TitleB { get; } = "matrix canary of B " + Guid.NewGuid().ToString("N");
    public string DescriptionB { get; } = "canary description of B " + Guid.NewGuid().ToString("N");
    public string DocB { get; private set; } = "";
    public byte[] DocBBytes { get; } = Encoding.UTF8.GetBytes("canary file of project B " + Guid.NewGuid().ToString("N") + "\n");

    /// <summary>Every string of project B that a caller in A must never be shown.</summary>
    public IEnumerable<string> SecretsOfB => [TicketB, TicketB2, TitleB, DescriptionB, Encoding.UTF8.GetString(DocBBytes).Trim()];

    public async Task InitializeAsync()
    {
        await AuthStore.SaveProjectAsync(new Coc.Core.Auth.Project(ProjectA, ProjectA, "default"));
        await AuthStore.SaveProjectAsync(new Coc.Core.Auth.Project(ProjectB, ProjectB, "default"));

        var a = Api(AdminA, ProjectA);
        TicketA = await a.CreateAsync(Bodies.Create(TitleA));
        var upA = await a.UploadAsync("a.txt", DocABytes);
        Wire.AssertString(upA.Json, "error_code", Wire.Success);
        DocA = upA.Data.Str("doc_id");

        var b = Api(AdminB, ProjectB);
        var bodyB = Bodies.Create(TitleB);
        bodyB["incident_description"] = DescriptionB;
        TicketB = await b.CreateAsync(bodyB);
        TicketB2 = await b.CreateAsync(Bodies.Create(TitleB + " (2)"));
        var upB = await b.UploadAsync("b.txt", DocBBytes, TicketB);
        Wire.AssertString(upB.Json, "error_code", Wire.Success);
        DocB = upB.Data.Str("doc_id");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>auth.md, "Tenancy and permissions": each permission set against each endpoint, in its own and another project.</summary>
public sealed class PermissionMatrixTests(PermissionMatrixServer server) : IClassFixture<PermissionMatrixServer>
{
    private const string Forbidden = "GOM.00007262";
    private const string MissingNumber = "IM202001010000000000000042";

    public static readonly string[] Endpoints = ["create", "details", "handle", "list", "histories", "upload", "download"];

    private static readonly Dictionary<string, string> ActionOf = new()
    {
        ["create"] = "coc:ticket:create",
        ["details"] = "coc:ticket:get",
        ["handle"] = "coc:ticket:action",
        ["list"] = "coc:ticket:list",
        ["histories"] = "coc:ticket:getOperationHistories",
        ["upload"] = "coc:ticket:uploadFile",
        ["download"] = "coc:ticket:get",
    };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in PermissionMatrixServer.Sets.Keys)
            foreach (var endpoint in Endpoints) data.Add(set, endpoint);
        return data;
    }

    public static TheoryData<string> AllEndpoints() => [.. Endpoints];

    private static bool Grants(string set, string action) => set switch
    {
        "all" => true,
        "ticket-all" => action.StartsWith("coc:ticket:", StringComparison.Ordinal),
        "none" => false,
        _ => PermissionMatrixServer.Sets[set] == action,
    };

    /// <summary>The endpoint on a resource of project A (<paramref name="ofB"/>: on B's, still as a caller in A).</summary>
    private async Task<WireResponse> CallAsync(CocApi api, string endpoint, bool ofB = false, string? ticket = null)
    {
        var number = ticket ?? (ofB ? server.TicketB : server.TicketA);
        return endpoint switch
        {
            "create" => await api.TryCreateAsync(Bodies.Create("created by the matrix")),
            "details" => await api.DetailsAsync(number),
            "handle" => await api.HandleAsync(number, People.Alice, "acceptedIncident1"),
            "list" => await api.ListAsync("limit=100"),
            "histories" => await api.HistoriesAsync(Bodies.Histories(number)),
            "upload" => await api.UploadAsync("matrix.txt", "uploaded by the matrix\n"u8.ToArray(), ofB ? number : null),
            "download" => await api.GetAsync("/v1/external/incident/attachments/" + (ofB ? server.DocB : server.DocA)),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
    }

    /// <summary>No title, description, file or ticket number of B — but the one the caller itself asked for may be echoed.</summary>
    private void AssertNothingOfB(WireResponse r, string context, string? askedFor = null)
    {
        foreach (var secret in server.SecretsOfB.Where(s => s != askedFor))
            Assert.False(r.Text.Contains(secret, StringComparison.Ordinal), $"{context}: a caller in A was shown '{secret}' of project B: {r}");
        Assert.False(r.Bytes.AsSpan().IndexOf(server.DocBBytes) >= 0, $"{context}: B's file leaked: {r}");
    }

    private async Task<string> StatusAsAdminAsync(string project, string number)
    {
        var admin = server.Api(project == PermissionMatrixServer.ProjectA ? PermissionMatrixServer.AdminA : PermissionMatrixServer.AdminB, project);
        return await admin.StatusAsync(number);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_key_bound_to_project_A_is_allowed_exactly_its_actions(string set, string endpoint)
    {
        var api = server.Api(PermissionMatrixServer.KeyFor(set), PermissionMatrixServer.ProjectA);
        var action = ActionOf[endpoint];
        var context = $"set {set} ({PermissionMatrixServer.Sets[set]}) on {endpoint}";

        if (!Grants(set, action))
        {
            var refused = await CallAsync(api, endpoint);
            Wire.AssertError(refused, HttpStatusCode.Forbidden, Forbidden, action);
            AssertNothingOfB(refused, context);
            if (endpoint is "details" or "handle" or "histories" or "download")
            {
                // Refusing reveals nothing: B's ticket, a missing one and A's own get the same answer.
                var ofB = await CallAsync(api, endpoint, ofB: true);
                Wire.AssertError(ofB, HttpStatusCode.Forbidden, Forbidden, action);
                Assert.Equal(refused.ErrorMsg, ofB.ErrorMsg);
                var missing = await CallAsync(api, endpoint, ticket: MissingNumber);
                Assert.Equal(refused.ErrorMsg, missing.ErrorMsg);
            }
            if (endpoint == "handle")
                Assert.Equal(Statuses.Triggered, await StatusAsAdminAsync(PermissionMatrixServer.ProjectA, server.TicketA));
            return;
        }

        switch (endpoint)
        {
            case "create":
            {
                var created = await CallAsync(api, endpoint);
                Wire.AssertOk(created);
                var number = created.Data.Str("incident_num");
                Assert.Equal(Statuses.Triggered, await StatusAsAdminAsync(PermissionMatrixServer.ProjectA, number));
                Wire.AssertError(await server.Api(PermissionMatrixServer.AdminB, PermissionMatrixServer.ProjectB).DetailsAsync(number),
                    HttpStatusCode.BadRequest, Wire.TicketNotFound);
                break;
            }
            case "details":
            {
                var own = await CallAsync(api, endpoint);
                Wire.AssertOk(own);
                Wire.AssertString(own.Data, "incident_title", server.TitleA);
                await AssertLikeMissingAsync(api, endpoint, context);
                break;
            }
            case "handle":
            {
                var fresh = await server.Api(PermissionMatrixServer.AdminA, PermissionMatrixServer.ProjectA).CreateAsync();
                Wire.AssertOk(await CallAsync(api, endpoint, ticket: fresh));
                Assert.Equal(Statuses.Acknowledged, await StatusAsAdminAsync(PermissionMatrixServer.ProjectA, fresh));
                await AssertLikeMissingAsync(api, endpoint, context);
                Assert.Equal(Statuses.Triggered, await StatusAsAdminAsync(PermissionMatrixServer.ProjectB, server.TicketB));
                break;
            }
            case "list":
            {
                var list = await CallAsync(api, endpoint);
                Wire.AssertOk(list);
                var numbers = list.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")).ToList();
                Assert.Contains(server.TicketA, numbers);
                Assert.Equal(numbers.Count, list.Data.GetProperty("total").GetInt32());
                AssertNothingOfB(list, context);
                break;
            }
            case "histories":
            {
                var own = await CallAsync(api, endpoint);
                Wire.AssertOk(own);
                Assert.True(own.Data.GetProperty("total").GetInt32() >= 1, $"{context}: A's own history is empty: {own}");
                var ofB = await CallAsync(api, endpoint, ofB: true);
                var missing = await CallAsync(api, endpoint, ticket: MissingNumber);
                AssertNothingOfB(ofB, context);
                Assert.Equal(missing.Status, ofB.Status);
                Assert.Equal(missing.Json.GetProperty("error_code").GetString(), ofB.Json.GetProperty("error_code").GetString());
                if (ofB.Status == HttpStatusCode.OK)
                {
                    Assert.Equal(0, ofB.Data.GetProperty("total").GetInt32());
                    Assert.Equal(0, ofB.Data.GetProperty("info").GetArrayLength());
                }
                break;
            }
            case "upload":
            {
                var up = await CallAsync(api, endpoint);
                Assert.True(up.Status == HttpStatusCode.OK, $"{context}: {up}");
                Wire.AssertString(up.Json, "error_code", Wire.Success);
                // Linking the file to B's ticket: as if that ticket did not exist.
                var ofB = await CallAsync(api, endpoint, ofB: true);
                Assert.True(ofB.Status == HttpStatusCode.BadRequest, $"{context}: upload linked to B's ticket: {ofB}");
                Wire.AssertString(ofB.Json, "error_code", Wire.TicketNotFound);
                AssertNothingOfB(ofB, context, askedFor: server.TicketB);
                break;
            }
            case "download":
            {
                var own = await CallAsync(api, endpoint);
                Assert.True(own.Status == HttpStatusCode.OK, $"{context}: {own}");
                Assert.Equal(server.DocABytes, own.Bytes);
                var ofB = await CallAsync(api, endpoint, ofB: true);
                Assert.True(ofB.Status == HttpStatusCode.BadRequest, $"{context}: B's file from A: {ofB}");
                AssertNothingOfB(ofB, context);
                var missing = await api.GetAsync("/v1/external/incident/attachments/0123456789abcdef0123456789abcdef");
                Assert.Equal(missing.Json.GetProperty("error_code").GetString(), ofB.Json.GetProperty("error_code").GetString());
                break;
            }
        }
    }

    /// <summary>B's ticket answers exactly as a missing one: 400 COC.00067003, the same message but for the number.</summary>
    private async Task AssertLikeMissingAsync(CocApi api, string endpoint, string context)
    {
        var ofB = await CallAsync(api, endpoint, ofB: true);
        var missing = await CallAsync(api, endpoint, ticket: MissingNumber);
        Wire.AssertError(ofB, HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Wire.AssertError(missing, HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Assert.Equal(missing.ErrorMsg.Replace(MissingNumber, "#", StringComparison.Ordinal), ofB.ErrorMsg.Replace(server.TicketB, "#", StringComparison.Ordinal));
        AssertNothingOfB(ofB, context, askedFor: server.TicketB);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task A_key_bound_to_A_asking_for_project_B_is_403(string endpoint)
    {
        var api = server.Api(PermissionMatrixServer.AdminA, PermissionMatrixServer.ProjectB);

        var response = await CallAsync(api, endpoint, ofB: true);

        Wire.AssertError(response, HttpStatusCode.Forbidden, Forbidden);
        AssertNothingOfB(response, "A's key in project B on " + endpoint, askedFor: server.TicketB);
        Assert.Equal(Statuses.Triggered, await StatusAsAdminAsync(PermissionMatrixServer.ProjectB, server.TicketB));
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Missing_or_bad_credentials_are_401_on_every_endpoint(string endpoint)
    {
        var unsigned = new CocApi(server.Client(null), PermissionMatrixServer.ProjectA);
        var unknown = server.Api(new TestKey("MATRIXNOSUCHKEY0001", "whatever-secret-0123456789"), PermissionMatrixServer.ProjectA);
        var wrongSecret = server.Api(PermissionMatrixServer.BadSignature with { SecretKey = "not-the-secret" }, PermissionMatrixServer.ProjectA);

        foreach (var (caller, name) in new[] { (unsigned, "unsigned"), (unknown, "unknown AK"), (wrongSecret, "wrong SK") })
        {
            var response = await CallAsync(caller, endpoint, ofB: false);
            AuthAssert.Unauthorized(response);
            Assert.DoesNotContain(server.TitleA, response.Text, StringComparison.Ordinal);
            Assert.True(response.Bytes.AsSpan().IndexOf(server.DocABytes) < 0, $"{name} on {endpoint} got the file: {response}");
        }
        Assert.Equal(Statuses.Triggered, await StatusAsAdminAsync(PermissionMatrixServer.ProjectA, server.TicketA));
    }

    [Fact]
    public async Task A_bound_key_without_X_Project_Id_acts_in_its_own_project()
    {
        var api = server.Api(PermissionMatrixServer.KeyFor("all"), project: null);

        var number = await api.CreateAsync(Bodies.Create("no project header"));
        var list = await api.ListAsync("limit=100");

        Wire.AssertOk(list);
        var numbers = list.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")).ToList();
        Assert.Contains(number, numbers);
        Assert.Contains(server.TicketA, numbers);
        AssertNothingOfB(list, "bound key without a project header");
        Wire.AssertOk(await server.Api(PermissionMatrixServer.AdminA, PermissionMatrixServer.ProjectA).DetailsAsync(number));
    }

    [Fact]
    public async Task Project_B_sees_its_own_tickets_and_none_of_A()
    {
        var b = server.Api(PermissionMatrixServer.AdminB, PermissionMatrixServer.ProjectB);

        var list = await b.ListAsync("limit=100");

        Wire.AssertOk(list);
        var numbers = list.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")).ToList();
        Assert.Contains(server.TicketB, numbers);
        Assert.DoesNotContain(server.TicketA, numbers);
        Assert.DoesNotContain(server.TitleA, list.Text, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, list.Data.GetProperty("total").ValueKind);
    }
}
