using System.Net;

namespace Coc.Server.Tests;

/// <summary>The authentication errors of api.md (401 APIGW.0301 in the gateway body, 403 GOM.00007262 in the envelope).</summary>
public sealed class AuthTests(SecureServer secure, EmulatorServer emulator) : IClassFixture<SecureServer>, IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task An_unsigned_request_in_secure_mode_is_401_APIGW_0301_in_the_gateway_body()
    {
        var api = new CocApi(secure.CreateWireClient(signed: false), "default");

        var response = await api.TryCreateAsync();

        Wire.AssertGateway(response, HttpStatusCode.Unauthorized, "APIGW.0301");
        Assert.StartsWith("Incorrect IAM authentication information", response.ErrorMsg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_401()
    {
        var impostor = new TestKey(TestKey.Suite.AccessKey, "not-the-secret");
        var api = new CocApi(secure.CreateWireClient(impostor), "default");

        var response = await api.ListAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Wire.AssertString(response.Json, "error_code", "APIGW.0301");
        Assert.DoesNotContain(TestKey.Suite.SecretKey, response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_the_action_is_403_GOM_00007262_naming_it()
    {
        var reader = new CocApi(secure.CreateWireClient(TestKey.ReadOnly), "default");

        var create = await reader.TryCreateAsync();
        var list = await reader.ListAsync();

        Wire.AssertError(create, HttpStatusCode.Forbidden, "GOM.00007262", "coc:ticket:create");
        Wire.AssertOk(list);
    }

    [Fact]
    public async Task Unsigned_requests_are_served_in_emulator_mode_and_projects_stay_isolated()
    {
        var http = emulator.CreateWireClient(signed: false);
        var mine = new CocApi(http);
        var theirs = new CocApi(http);

        var number = await mine.CreateAsync(Bodies.Create(assignee: "anyone-at-all", creator: "someone-new"));

        var t = await mine.TicketAsync(number);
        var creator = t.GetProperty("enum_data_list").EnumerateArray().Single(e => e.Str("filed_key") == "creator");
        Assert.Equal(("someone-new", "someone-new"), (creator.Str("name_zh"), creator.Str("name_en")));
        Wire.AssertError(await theirs.DetailsAsync(number), HttpStatusCode.BadRequest, Wire.TicketNotFound);
    }
}
