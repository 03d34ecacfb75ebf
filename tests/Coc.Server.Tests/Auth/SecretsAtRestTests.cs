using System.Text;
using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Storage;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;
using Coc.Testing.Support;
using Microsoft.Data.Sqlite;

namespace Coc.Server.Tests.Auth;

/// <summary>The server's side of secrets at rest: its key ring (a 0600 file beside the database, or COC_SECRETS_KEY),
/// the migration of a plaintext database, the refusal to start without the key, and the files' modes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "coc-secrets-tests", Guid.NewGuid().ToString("N"));

    public SecretsAtRestTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static string Raw(string dataPath) => string.Concat(new[] { dataPath, dataPath + "-wal" }.Where(File.Exists).Select(p =>
    {
        using var s = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return Encoding.Latin1.GetString(m.ToArray());
    }));

    private static LaunchedServer Launch(string dataPath, int port, string? umask = null, IReadOnlyDictionary<string, string>? environment = null) =>
        LaunchedServer.Start(["--data", dataPath, "--urls", $"http://127.0.0.1:{port}", "--Coc:RateLimitPerSecond=0",
            $"--{TestPasswords.Setting.Key}={TestPasswords.Setting.Value}"], umask, environment);

    [Fact]
    public async Task Under_umask_000_the_data_directory_is_0700_and_every_file_0600()
    {
        var dataDir = Path.Combine(_root, "fresh", "data");
        var dataPath = Path.Combine(dataDir, "coc.db");
        var port = TestProcesses.FreePort();
        using var server = Launch(dataPath, port, umask: "000"); // secure first start: bootstrap key and credentials file
        await server.WaitForAsync(new Uri($"http://127.0.0.1:{port}"), "/readyz");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
        foreach (var name in new[] { "coc.db", "coc.db-wal", "coc.db-shm", "coc.db.lock", "secrets.key", "admin-credentials.json" })
        {
            var path = Path.Combine(dataDir, name);
            Assert.True(File.Exists(path), $"{name} was not made: {string.Join(", ", Directory.GetFiles(dataDir).Select(Path.GetFileName))}");
            Assert.True(File.GetUnixFileMode(path) == OwnerOnly, $"{name} is {File.GetUnixFileMode(path)}");
        }
    }

    [Fact]
    public async Task The_bootstrap_SK_is_neither_in_the_database_nor_its_WAL_and_still_signs()
    {
        var dataPath = Path.Combine(_root, "coc.db");
        var port = TestProcesses.FreePort();
        using var server = Launch(dataPath, port);
        var address = new Uri($"http://127.0.0.1:{port}");
        await server.WaitForAsync(address, "/readyz");
        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "admin-credentials.json")));
        var admin = new TestKey(credentials.RootElement.Str("access_key"), credentials.RootElement.Str("secret_key"));

        using var http = new HttpClient(new SdkSigningHandler(admin, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
            { BaseAddress = address };
        Wire.AssertOk(await new CocApi(http, "default").ListAsync());
        var raw = Raw(dataPath);
        Assert.Contains(admin.AccessKey, raw, StringComparison.Ordinal); // the right place
        Assert.DoesNotContain(admin.SecretKey, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plaintext_database_of_the_previous_release_is_migrated_and_its_key_still_authenticates()
    {
        var key = new TestKey("PLAINTEXTAK00000001", "plaintext-secret-" + Guid.NewGuid().ToString("N"));
        await using var server = new AuthServer();
        // No key ring: how the previous release stored keys (on the engine the suite runs on).
        using (var old = server.PostgresDatabase is { } pg
                   ? SqlStores.Postgres(PostgresDatabase.ToConnectionString(pg)) : SqlStores.Sqlite(server.DataPath))
        {
            await old.MigrateAsync();
            await old.Auth.SaveAccessKeyAsync(new AccessKey(key.AccessKey, key.SecretKey, "default", null, [Permissions.All]));
        }
        Assert.Contains(key.SecretKey, await server.DumpStorageAsync(), StringComparison.Ordinal);

        Wire.AssertOk(await server.Api(key, "default").ListAsync());

        Assert.DoesNotContain(key.SecretKey, await server.DumpStorageAsync(), StringComparison.Ordinal);
        if (server.PostgresDatabase is null) Assert.DoesNotContain(key.SecretKey, Raw(server.DataPath), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(server.DataPath)!, "secrets.key")), "no key file beside the database");
    }

    [Fact]
    public async Task Without_the_key_of_encrypted_values_the_server_refuses_to_start_and_says_why()
    {
        var dataPath = Path.Combine(_root, "coc.db");
        using (var store = SqlStores.Sqlite(dataPath, SecretsKeyRing.Generate())) // a key now lost
        {
            await store.MigrateAsync();
            await store.Auth.SaveAccessKeyAsync(new AccessKey("LOSTKEYAK0000000001", "lost-key-secret-0123456789", "default", null, [Permissions.All]));
        }
        SqliteConnection.ClearAllPools();

        using var server = Launch(dataPath, TestProcesses.FreePort());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.WaitForAsync(new Uri("http://127.0.0.1:1"), "/readyz"));

        Assert.True(error.Message.Contains("exited with 2"), error.Message);
        Assert.Contains("not in the key ring", error.Message);
        Assert.DoesNotContain("   at ", error.Message); // a message, not a stack trace
    }

    [Fact]
    public async Task A_key_in_COC_SECRETS_KEY_is_used_instead_of_a_key_file()
    {
        var ring = SecretsKeyRing.Generate();
        var dataPath = Path.Combine(_root, "coc.db");
        using (var store = SqlStores.Sqlite(dataPath, ring))
        {
            await store.MigrateAsync();
            await store.Auth.SaveAccessKeyAsync(new AccessKey("ENVKEYAK00000000001", "env-key-secret-0123456789", "default", null, [Permissions.All]));
        }
        SqliteConnection.ClearAllPools();
        var port = TestProcesses.FreePort();

        using var server = Launch(dataPath, port, environment: new Dictionary<string, string> { ["COC_SECRETS_KEY"] = ring.ExportCurrent() });

        await server.WaitForAsync(new Uri($"http://127.0.0.1:{port}"), "/readyz");
        Assert.False(File.Exists(Path.Combine(_root, "secrets.key")), "a key file was made although COC_SECRETS_KEY was set");
    }
}
