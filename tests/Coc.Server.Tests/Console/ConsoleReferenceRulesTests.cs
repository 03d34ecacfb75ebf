using System.Text.Json.Nodes;
using Coc.Core.Attachments;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests.Console;

/// <summary>The console reads its limits and rules from <c>/v1/console/reference</c>; they are the server's own.</summary>
public sealed class ConsoleReferenceRulesTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    private async Task<JsonNode> ReferenceAsync()
    {
        using var http = server.CreateWireClient();
        return JsonNode.Parse(await http.GetStringAsync("/v1/console/reference"))!;
    }

    [Fact]
    public async Task The_limits_are_the_validations_constants()
    {
        var limits = (await ReferenceAsync())["limits"]!;

        Assert.Equal(FieldLimits.Text, limits["text"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Title, limits["title"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Description, limits["description"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Comment, limits["comment"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Solution, limits["solution"]!.GetValue<int>());
        Assert.Equal(FieldLimits.StartTimeSkewMs, limits["start_time_max_future_ms"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_attachment_rules_are_the_uploads_own()
    {
        var attachments = (await ReferenceAsync())["attachments"]!;

        Assert.Equal(FileTypes.Extensions, attachments["file_types"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(AttachmentRules.MaxFileBytes, attachments["max_file_bytes"]!.GetValue<int>());
        Assert.Equal(AttachmentRules.MaxPerTicket, attachments["max_per_ticket"]!.GetValue<int>());
    }

    [Fact]
    public async Task Region_required_lists_each_level_and_application_a_WarRoom_rule_matches_without_a_region()
    {
        var reference = server.Services.GetRequiredService<ReferenceData>();
        var expected = new List<(string, string?)>();
        foreach (var level in reference.Catalog.Levels.Entries.Select(e => e.Key))
            foreach (var app in new string?[] { null }.Concat(reference.Directory.Applications.Select(a => a.Id)))
                if (reference.WarRoomRuleMatches(level, app is null ? [] : [app], null)) expected.Add((level, app));

        var served = (await ReferenceAsync())["region_required"]!.AsArray()
            .Select(e => (e!["level"]!.GetValue<string>(), e["application"]?.GetValue<string>())).ToList();

        Assert.NotEmpty(expected); // the preset has a rule, so the comparison means something
        Assert.Equal(expected, served);
    }

    [Fact]
    public async Task On_duty_names_who_the_directory_resolves_for_each_scene_and_role()
    {
        var directory = server.Services.GetRequiredService<ReferenceData>().Directory;
        var expected = directory.Schedules.Select(s => (s.Scene, s.Role)).Distinct()
            .Select(k => (k.Scene, k.Role, directory.OnDuty(k.Scene, k.Role))).ToList();

        var served = (await ReferenceAsync())["on_duty"]!.AsArray()
            .Select(e => (e!["scene"]!.GetValue<string>(), e["role"]!.GetValue<string>(), (string?)e["person"]!.GetValue<string>())).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, served);
    }
}
