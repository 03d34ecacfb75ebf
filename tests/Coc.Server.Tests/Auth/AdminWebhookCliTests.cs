using System.Text.RegularExpressions;

namespace Coc.Server.Tests.Auth;

/// <summary><c>coc-incident admin webhook …</c>: subscriptions managed from the command line, on the database the server uses.</summary>
public sealed partial class AdminCliTests
{
    [GeneratedRegex("^id=(wh-[a-z0-9]{12})$", RegexOptions.Multiline)]
    private static partial Regex WebhookIdLine();

    [GeneratedRegex("^secret=(whsec_[A-Za-z0-9+/=]{44})$", RegexOptions.Multiline)]
    private static partial Regex WebhookSecretLine();

    [Fact]
    public async Task Webhook_commands_create_list_disable_enable_rotate_and_delete()
    {
        var created = await AdminAsync("webhook", "create", "--project", "default", "--url", "https://receiver.example/hook",
            "--event-types", "incident.created,incident.confirm", "--description", "pager");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var id = WebhookIdLine().Match(created.Stdout).Groups[1].Value;
        var secret = WebhookSecretLine().Match(created.Stdout).Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.NotEmpty(secret);

        var list = await AdminAsync("webhook", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout);
        Assert.Contains("incident.created,incident.confirm", list.Stdout);
        Assert.Contains("enabled=true", list.Stdout);
        Assert.DoesNotContain(secret, list.Stdout);

        Assert.Equal(0, (await AdminAsync("webhook", "disable", "--id", id)).ExitCode);
        Assert.Contains("enabled=false", (await AdminAsync("webhook", "list", "--project", "default")).Stdout);
        Assert.Equal(0, (await AdminAsync("webhook", "enable", "--id", id)).ExitCode);
        Assert.Contains("enabled=true", (await AdminAsync("webhook", "list")).Stdout);

        var rotated = await AdminAsync("webhook", "rotate-secret", "--id", id);
        Assert.Equal(0, rotated.ExitCode);
        var newSecret = WebhookSecretLine().Match(rotated.Stdout).Groups[1].Value;
        Assert.NotEmpty(newSecret);
        Assert.NotEqual(secret, newSecret);

        Assert.Equal(0, (await AdminAsync("webhook", "delete", "--id", id)).ExitCode);
        Assert.DoesNotContain(id, (await AdminAsync("webhook", "list")).Stdout);
        var again = await AdminAsync("webhook", "delete", "--id", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no webhook", again.Stderr);
    }

    [Fact]
    public async Task Webhook_create_refuses_a_loopback_url_an_unknown_type_and_an_unknown_project()
    {
        var loopback = await AdminAsync("webhook", "create", "--project", "default", "--url", "http://127.0.0.1:8080/hook");
        Assert.Equal(1, loopback.ExitCode);
        Assert.Contains("url", loopback.Stderr);
        var type = await AdminAsync("webhook", "create", "--project", "default", "--url", "https://receiver.example/hook", "--event-types", "incident.nope");
        Assert.Equal(1, type.ExitCode);
        Assert.Contains("incident.nope", type.Stderr);
        var project = await AdminAsync("webhook", "create", "--project", "no-such-project", "--url", "https://receiver.example/hook");
        Assert.Equal(1, project.ExitCode);
        Assert.Contains("no-such-project", project.Stderr);
        Assert.DoesNotContain("wh-", (await AdminAsync("webhook", "list")).Stdout);
    }
}
