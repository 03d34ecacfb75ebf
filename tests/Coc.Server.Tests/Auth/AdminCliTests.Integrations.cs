using System.Text.RegularExpressions;

namespace Coc.Server.Tests.Auth;

/// <summary><c>admin integration …</c> (alarms.md, Integrations).</summary>
public sealed partial class AdminCliTests
{
    [Fact]
    public async Task Integration_commands_create_list_disable_enable_rotate_and_set_a_validated_rule()
    {
        var created = await AdminAsync("integration", "create", "--project", "default", "--type", "prometheus", "--name", "alertmanager");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var key = Regex.Match(created.Stdout, "^key=([A-Za-z0-9]{32})$", RegexOptions.Multiline).Groups[1].Value;
        var id = Regex.Match(created.Stdout, "^id=(itg-[a-z0-9]{12})$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEqual("", key);
        Assert.NotEqual("", id);
        Assert.Contains($"ingest_path=/v1/event/prometheus/{key}", created.Stdout);

        var list = await AdminAsync("integration", "list", "--project", "default");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout);
        Assert.DoesNotContain(key, list.Stdout);

        var again = await AdminAsync("integration", "create", "--project", "default", "--type", "custom", "--name", "alertmanager");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("name", again.Stderr);

        Assert.Contains("enabled=false", (await AdminAsync("integration", "disable", "--id", id)).Stdout);
        Assert.Contains("enabled=true", (await AdminAsync("integration", "enable", "--id", id)).Stdout);
        var rotated = await AdminAsync("integration", "rotate-key", "--id", id);
        Assert.Equal(0, rotated.ExitCode);
        Assert.DoesNotContain(key, rotated.Stdout);
        Assert.Matches("(?m)^key=[A-Za-z0-9]{32}$", rotated.Stdout);

        var badRule = Path.Combine(_directory, "bad-rule.json");
        await File.WriteAllTextAsync(badRule, """{"level_map": {"urgent": "level_99"}}""");
        var refused = await AdminAsync("integration", "set-rule", "--id", id, "--rule", badRule);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("transfer_rule.level_map.urgent", refused.Stderr);
        var goodRule = Path.Combine(_directory, "rule.json");
        await File.WriteAllTextAsync(goodRule, """{"auto_incident_importances": ["urgent"], "assignee": "ops-alice", "creator": "ops-carol"}""");
        Assert.Equal(0, (await AdminAsync("integration", "set-rule", "--id", id, "--rule", goodRule)).ExitCode);
        Assert.Equal(1, (await AdminAsync("integration", "disable", "--id", "itg-nothere00000")).ExitCode);
        Assert.Equal(2, (await AdminAsync("integration", "create", "--project", "default", "--type", "zabbix", "--name", "z")).ExitCode);
    }
}
