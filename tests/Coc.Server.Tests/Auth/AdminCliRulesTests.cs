using System.Net;

namespace Coc.Server.Tests.Auth;

/// <summary>The admin and server command lines refuse what they do not understand, and never guess a scope.</summary>
public sealed partial class AdminCliTests
{
    private const string StrongSecret = "cli-secret-key-0123456789abcdefghijkl";

    private static void AssertUsageError((int ExitCode, string Stdout, string Stderr) run, string mentions)
    {
        Assert.True(run.ExitCode == 2, $"expected exit 2, got {run}");
        Assert.Contains(mentions, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
    }

    private async Task AssertNoKeysAsync()
    {
        var list = await AdminAsync("list-keys");
        Assert.True(list.ExitCode == 0, $"list-keys: {list}");
        Assert.Equal("", list.Stdout.Trim());
    }

    [Fact]
    public async Task A_misspelt_option_is_an_error_with_usage_and_creates_nothing()
    {
        AssertUsageError(await AdminAsync("create-key", "--project", "default", "--permisions", "coc:ticket:get"), "--permisions");
        AssertUsageError(await AdminAsync("create-key", "--projct", "default"), "--projct");
        await AssertNoKeysAsync();
    }

    [Fact]
    public async Task A_key_s_scope_is_explicit_project_or_global_never_implied()
    {
        AssertUsageError(await AdminAsync("create-key"), "--project");
        AssertUsageError(await AdminAsync("create-key", "--project", "default", "--global"), "--global");
        await AssertNoKeysAsync();

        var global = await AdminAsync("create-key", "--global", "--permissions", "coc:ticket:get");
        Assert.True(global.ExitCode == 0, $"create-key --global: {global}");
        Assert.Equal("global (every project of domain default)", Value(global.Stdout, "scope"));
        Assert.Equal("coc:ticket:get", Value(global.Stdout, "permissions"));

        var bound = await AdminAsync("create-key", "--project", "default", "--person", "1");
        Assert.True(bound.ExitCode == 0, $"create-key --project: {bound}");
        Assert.Equal("project default", Value(bound.Stdout, "scope"));
        Assert.Equal("coc:ticket:*", Value(bound.Stdout, "permissions"));
        Assert.Equal("1", Value(bound.Stdout, "person"));
    }

    [Fact]
    public async Task Overwriting_a_key_needs_force_and_a_short_secret_key_is_refused()
    {
        const string ak = "CLIFIXEDKEY000000001";
        var first = await AdminAsync("create-key", "--project", "default", "--access-key", ak, "--secret-key", StrongSecret,
            "--permissions", "coc:ticket:get");
        Assert.True(first.ExitCode == 0, $"create-key: {first}");

        var again = await AdminAsync("create-key", "--global", "--access-key", ak, "--secret-key", StrongSecret + "x", "--permissions", "coc:*");
        Assert.True(again.ExitCode == 1, $"overwrite without --force: {again}");
        Assert.Contains("--force", again.Stdout + again.Stderr, StringComparison.Ordinal);
        var list = await AdminAsync("list-keys");
        Assert.Contains($"{ak}\tdomain=default\tproject=default\tpermissions=coc:ticket:get", list.Stdout, StringComparison.Ordinal);

        var weak = await AdminAsync("create-key", "--project", "default", "--access-key", "CLIWEAKKEY0000000001", "--secret-key", "x");
        Assert.True(weak.ExitCode == 2, $"a 1-character SK: {weak}");
        Assert.Contains("--secret-key", weak.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("CLIWEAKKEY0000000001", (await AdminAsync("list-keys")).Stdout, StringComparison.Ordinal);

        var forced = await AdminAsync("create-key", "--global", "--access-key", ak, "--secret-key", StrongSecret, "--permissions", "coc:*", "--force");
        Assert.True(forced.ExitCode == 0, $"overwrite with --force: {forced}");
        Assert.Contains($"{ak}\tdomain=default\tproject=*\tpermissions=coc:*", (await AdminAsync("list-keys")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_project_with_an_id_that_exists_is_an_error()
    {
        var first = await AdminAsync("create-project", "--name", "first-name", "--id", "cli-duplicate");
        Assert.True(first.ExitCode == 0, $"create-project: {first}");
        var again = await AdminAsync("create-project", "--name", "second-name", "--id", "cli-duplicate");
        Assert.True(again.ExitCode == 1, $"create-project with an existing id: {again}");
        Assert.Contains("already exists", again.Stdout + again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_is_never_an_argument_and_re_creating_a_user_needs_force_and_keeps_its_permissions()
    {
        AssertUsageError(await AdminAsync("create-user", "--name", "cli-bob", "--global", "--password", "visible-in-ps-0123456789"), "--password");

        var created = await AdminWithInputAsync("first-password-0123456789\n",
            "create-user", "--name", "cli-bob", "--global", "--password-stdin", "--permissions", "coc:ticket:list", "--person", "ops-bob");
        Assert.True(created.ExitCode == 0, $"create-user: {created}");
        Assert.Equal("global (every project of domain default)", Value(created.Stdout, "scope"));
        Assert.Equal("coc:ticket:list", Value(created.Stdout, "permissions"));
        Assert.Equal("ops-bob", Value(created.Stdout, "person"));
        Assert.DoesNotContain("first-password-0123456789", created.Stdout + created.Stderr, StringComparison.Ordinal);

        var again = await AdminWithInputAsync("second-password-0123456789\n", "create-user", "--name", "cli-bob", "--global", "--password-stdin");
        Assert.True(again.ExitCode == 1, $"re-create without --force: {again}");
        Assert.Contains("--force", again.Stdout + again.Stderr, StringComparison.Ordinal);

        var forced = await AdminWithInputAsync("second-password-0123456789\n", "create-user", "--name", "cli-bob", "--global", "--password-stdin", "--force");
        Assert.True(forced.ExitCode == 0, $"re-create with --force: {forced}");
        Assert.Equal("coc:ticket:list", Value(forced.Stdout, "permissions"));
        Assert.Equal("ops-bob", Value(forced.Stdout, "person"));
    }

    [Fact]
    public async Task A_password_change_revokes_the_user_s_tokens_and_a_project_bound_user_gets_no_token_for_another_project()
    {
        var project = Value((await AdminAsync("create-project", "--name", "cli-bound-region")).Stdout, "project_id");
        var created = await AdminWithInputAsync("bound-password-0123456789\n",
            "create-user", "--name", "cli-bound", "--project", project, "--password-stdin", "--permissions", "coc:ticket:list");
        Assert.True(created.ExitCode == 0, $"create-user --project: {created}");
        Assert.Equal($"project {project}", Value(created.Stdout, "scope"));

        using var server = await ServerProcess.StartAsync(DataPath, db: _postgres);
        using var plain = new HttpClient { BaseAddress = server.BaseAddress };
        async Task<(HttpStatusCode Status, string? Token, string Body)> TokenAsync(string password, string? scope)
        {
            using var response = await plain.PostAsync("/v3/auth/tokens",
                CocApi.Raw(TokenServer.TokenRequest("cli-bound", password, scope).ToJsonString(), "application/json"));
            var token = response.Headers.TryGetValues("X-Subject-Token", out var v) ? v.Single() : null;
            return (response.StatusCode, token, await response.Content.ReadAsStringAsync());
        }

        var elsewhere = await TokenAsync("bound-password-0123456789", "default");
        Assert.True(elsewhere.Status == HttpStatusCode.Unauthorized, $"token for a project the user is not bound to: {elsewhere}");
        Assert.Null(elsewhere.Token);
        Assert.Contains("not bound to project default", elsewhere.Body, StringComparison.Ordinal);
        var unscoped = await TokenAsync("bound-password-0123456789", null);
        Assert.True(unscoped.Status == HttpStatusCode.Created, $"unscoped token: {unscoped}");
        Assert.Contains($"\"project\":{{\"id\":\"{project}\"", unscoped.Body, StringComparison.Ordinal);
        var own = await TokenAsync("bound-password-0123456789", project);
        Assert.True(own.Status == HttpStatusCode.Created, $"token for the user's project: {own}");

        using var withToken = new HttpClient { BaseAddress = server.BaseAddress };
        withToken.DefaultRequestHeaders.Add("X-Auth-Token", own.Token);
        Wire.AssertOk(await CocApi.WithoutProjectHeader(withToken).ListAsync());

        var changed = await AdminWithInputAsync("changed-password-0123456789\n",
            "create-user", "--name", "cli-bound", "--project", project, "--password-stdin", "--force");
        Assert.True(changed.ExitCode == 0, $"password change: {changed}");
        Assert.Equal("2", Value(changed.Stdout, "revoked_tokens")); // the unscoped one and the project's
        AuthAssert.Unauthorized(await CocApi.WithoutProjectHeader(withToken).ListAsync());
    }

    [Theory]
    [InlineData("emulatr", "--emulatr")]
    [InlineData("Coc:NoSuchSetting=1", "Coc:NoSuchSetting")]
    public async Task The_server_refuses_an_unknown_flag_or_setting_with_exit_2_and_usage(string extra, string mentions)
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync(DataPath, emulator: true, settings: [extra]));
        Assert.Contains("exited with 2", e.Message);
        Assert.Contains(mentions, e.Message);
        Assert.Contains("Usage:", e.Message);
    }
}

public sealed partial class AdminCliTests
{
    [Fact]
    public async Task A_person_bound_credential_whose_permissions_let_it_act_for_others_is_warned_about()
    {
        var wide = await AdminAsync("create-key", "--global", "--person", "1");
        Assert.True(wide.ExitCode == 0, $"create-key: {wide}");
        Assert.Contains("coc:ticket:actForOthers", wide.Stderr, StringComparison.Ordinal);

        var narrow = await AdminAsync("create-key", "--global", "--person", "1", "--permissions", "coc:ticket:get,coc:ticket:action");
        Assert.True(narrow.ExitCode == 0, $"create-key: {narrow}");
        Assert.DoesNotContain("actForOthers", narrow.Stderr, StringComparison.Ordinal);
    }
}
