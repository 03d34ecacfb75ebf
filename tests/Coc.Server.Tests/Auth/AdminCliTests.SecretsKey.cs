using Coc.Core.Storage.Encryption;

namespace Coc.Server.Tests.Auth;

/// <summary><c>admin rotate-secrets-key</c>: a new current key in the key file, every value re-encrypted with it.</summary>
public sealed partial class AdminCliTests
{
    [Fact]
    public async Task A_malformed_COC_SECRETS_KEY_stops_an_admin_command_with_a_message_and_no_stack_trace()
    {
        var result = await AdminWithAsync(_postgres, new Dictionary<string, string> { ["COC_SECRETS_KEY"] = "not-a-key" }, "list-keys");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid base64", result.Stdout + result.Stderr);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Rotate_secrets_key_re_encrypts_every_value_with_a_new_key_and_the_key_still_signs()
    {
        var key = await AdminAsync("create-key", "--global");
        Assert.True(key.ExitCode == 0, $"create-key: {key}");
        var created = new TestKey(Value(key.Stdout, "access_key"), Value(key.Stdout, "secret_key"));
        var keyFile = Path.Combine(_directory, "secrets.key");
        var before = SecretsKeyRing.Parse(await File.ReadAllTextAsync(keyFile));

        var rotate = await AdminAsync("rotate-secrets-key");

        Assert.True(rotate.ExitCode == 0, $"rotate-secrets-key: {rotate}");
        var after = SecretsKeyRing.Parse(await File.ReadAllTextAsync(keyFile));
        Assert.Equal(after.CurrentKeyId, Value(rotate.Stdout, "key_id"));
        Assert.NotEqual(before.CurrentKeyId, after.CurrentKeyId);
        Assert.Contains(before.CurrentKeyId, after.KeyIds); // the old key stays readable
        Assert.True(int.Parse(Value(rotate.Stdout, "reencrypted")) >= 1, rotate.Stdout);
        Assert.DoesNotContain(after.ExportCurrent(), rotate.Stdout + rotate.Stderr, StringComparison.Ordinal);

        // Only the new key from here on: every value was moved to it.
        await File.WriteAllTextAsync(keyFile, after.ExportCurrent());
        using var server = await ServerProcess.StartAsync(DataPath, db: _postgres);
        using var http = new HttpClient(new SdkSigningHandler(created, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        Wire.AssertOk(await new CocApi(http, "default").ListAsync());
    }

    /// <summary>A running server keeps the key ring it started with: rotating under it made every signed request a 500.
    /// On SQLite the command can see the server's claim on the file, and refuses.</summary>
    [Fact]
    public async Task Rotate_secrets_key_refuses_while_a_server_uses_the_SQLite_file_and_changes_nothing()
    {
        // SQLite whatever the suite's engine: a PostgreSQL server's claim is not visible to the command (documented).
        var key = await AdminOnAsync(null, "create-key", "--global");
        Assert.True(key.ExitCode == 0, $"create-key: {key}");
        var created = new TestKey(Value(key.Stdout, "access_key"), Value(key.Stdout, "secret_key"));
        var keyFile = Path.Combine(_directory, "secrets.key");
        var before = await File.ReadAllTextAsync(keyFile);
        using var server = await ServerProcess.StartAsync(DataPath);

        var rotate = await AdminOnAsync(null, "rotate-secrets-key");

        Assert.True(rotate.ExitCode == 1, $"rotate-secrets-key: {rotate}");
        Assert.Contains("stop", rotate.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(keyFile));
        using var http = new HttpClient(new SdkSigningHandler(created, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        Wire.AssertOk(await new CocApi(http, "default").ListAsync());
    }
}
