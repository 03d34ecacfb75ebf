using System.Text.Json.Nodes;

namespace Coc.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ReferenceEndpointTests(ConsoleFixture fx)
{
    [Fact]
    public async Task Config_names_the_mode_and_reference_carries_catalog_directory_and_workflow_table()
    {
        var config = JsonNode.Parse(await fx.Api.Http.GetStringAsync("/v1/console/config"))!;
        Assert.Equal("emulator", config["mode"]!.GetValue<string>());

        var reference = JsonNode.Parse(await fx.Api.Http.GetStringAsync("/v1/console/reference"))!;
        var acknowledged = reference["catalog"]!["statuses"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "INCIDENT_STATUS_ACKNOWLEDGED")!;
        Assert.Equal("已受理", acknowledged["name_zh"]!.GetValue<string>());
        Assert.Equal("ACKNOWLEDGED", acknowledged["name_en"]!.GetValue<string>());
        foreach (var set in new[] { "levels", "types", "sources", "statuses", "ownerships" })
            Assert.NotEmpty(reference["catalog"]![set]!.AsArray());
        Assert.Contains(reference["directory"]!["people"]!.AsArray(), p => p!["id"]!.GetValue<string>() == "ops-alice");
        Assert.NotEmpty(reference["directory"]!["applications"]!.AsArray());
        Assert.NotEmpty(reference["directory"]!["schedules"]!.AsArray());

        var workflow = reference["workflow"]!.AsArray();
        Assert.Equal(12, workflow.Count);
        var accept = workflow[0]!;
        Assert.Equal("acceptedIncident1", accept["operate_key"]!.GetValue<string>());
        Assert.Equal(["INCIDENT_STATUS_TRIGGERED"], accept["allowed_in"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("assignee", accept["who"]!.GetValue<string>());
        Assert.Equal("受理", accept["name_zh"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(accept["meaning"]!.GetValue<string>()));
        Assert.NotEmpty(reference["warroom_rules"]!.AsArray());
    }
}
