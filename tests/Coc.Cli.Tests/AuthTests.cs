namespace Coc.Cli.Tests;

/// <summary>The CLI against a secure-mode server: AK/SK from the SDK's environment variables, or a profile file.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuthTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private readonly CliEmulator _server = fixture.Server;

    private static readonly string[] Create =
        ["incidents", "create", "--title", "cli: signed", "--level", "level_50", "--assignee", CliEmulator.Person, "-o", "json"];

    [Fact]
    public async Task Requests_signed_with_the_SDK_environment_variables_are_accepted()
    {
        var env = _server.Environment(("HUAWEICLOUD_SDK_AK", CliEmulator.FullKey.Ak), ("HUAWEICLOUD_SDK_SK", CliEmulator.FullKey.Sk));
        var created = await CliRun.RunAsync(env, Create);
        Assert.True(created.ExitCode == 0, created.ToString());
        var number = created.Json["incident_num"]!.GetValue<string>();
        var show = await CliRun.RunAsync(env, "incidents", "show", number, "-o", "json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("cli: signed", show.Json["incident_title"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_credentials_in_secure_mode_exits_with_the_auth_code()
    {
        var run = await CliRun.RunAsync(_server.Environment(), "incidents", "list");
        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.Contains("HTTP 401", run.Stderr);
    }

    [Fact]
    public async Task A_wrong_secret_key_exits_with_the_auth_code()
    {
        var env = _server.Environment(("HUAWEICLOUD_SDK_AK", CliEmulator.FullKey.Ak), ("HUAWEICLOUD_SDK_SK", "not-the-secret-key-at-all-0000000"));
        var run = await CliRun.RunAsync(env, "incidents", "list");
        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.Contains("HTTP 401 APIGW.0301", run.Stderr);
    }

    [Fact]
    public async Task A_key_without_the_permission_exits_with_the_auth_code()
    {
        var env = _server.Environment(("HUAWEICLOUD_SDK_AK", CliEmulator.ReadOnlyKey.Ak), ("HUAWEICLOUD_SDK_SK", CliEmulator.ReadOnlyKey.Sk));
        Assert.Equal(0, (await CliRun.RunAsync(env, "incidents", "list")).ExitCode);
        var run = await CliRun.RunAsync(env, Create);
        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.Contains("HTTP 403", run.Stderr);
        Assert.Contains("coc:ticket:create", run.Stderr);
    }

    [Fact]
    public async Task A_profile_written_by_configure_is_0600_and_signs_the_requests()
    {
        var env = _server.Environment(("COC_CONFIG", Path.Combine(Path.GetTempPath(), $"coc-cli-profile-{Guid.NewGuid():N}", "profiles.json")));
        var configure = await CliRun.RunWithInputAsync(env, CliEmulator.FullKey.Sk + "\n", "configure", "--access-key", CliEmulator.FullKey.Ak, "--secret-key-stdin");
        Assert.True(configure.ExitCode == 0, configure.ToString());
        Assert.DoesNotContain(CliEmulator.FullKey.Sk, configure.Stdout + configure.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env["COC_CONFIG"]));
        var created = await CliRun.RunAsync(env, Create);
        Assert.True(created.ExitCode == 0, created.ToString());

        File.SetUnixFileMode(env["COC_CONFIG"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var refused = await CliRun.RunAsync(env, "incidents", "list");
        Assert.True(refused.ExitCode == ExitCodes.Usage, refused.ToString());
        Assert.Contains("chmod 600", refused.Stderr);
        Directory.Delete(Path.GetDirectoryName(env["COC_CONFIG"])!, true);
    }
}
