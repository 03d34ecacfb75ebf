using System.Security.Cryptography;
using System.Text;
using Coc.Core.Auth;
using Coc.Core.Storage;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>Secret keys and security tokens encrypted at rest (AES-GCM, key outside the database), and the files'
/// modes.</summary>
public sealed class SecretsAtRestTests() : ScratchDirectory("secrets")
{
    private static AccessKey Key(string id) => new(id, "sk-" + Guid.NewGuid().ToString("N"), "default", null, [Permissions.All],
        SecurityToken: "sts-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_value_round_trips_as_enc_v1_keyid_with_a_fresh_nonce_each_time()
    {
        var ring = SecretsKeyRing.Generate();

        var a = ring.Protect("the secret", "access_keys.secret:AK1");
        var b = ring.Protect("the secret", "access_keys.secret:AK1");

        Assert.StartsWith($"enc:v1:{ring.CurrentKeyId}:", a);
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("the secret", a);
        Assert.Equal("the secret", ring.Unprotect(a, "access_keys.secret:AK1"));
    }

    [Fact]
    public void A_value_moved_to_another_row_or_tampered_with_does_not_decrypt()
    {
        var ring = SecretsKeyRing.Generate();
        var stored = ring.Protect("the secret", "access_keys.secret:AK1");
        var tampered = stored[..^4] + (stored[^4] == 'A' ? 'B' : 'A') + stored[^3..];

        Assert.Throws<SecretsKeyException>(() => ring.Unprotect(stored, "access_keys.secret:AK2"));
        Assert.Throws<SecretsKeyException>(() => ring.Unprotect(tampered, "access_keys.secret:AK1"));
    }

    [Fact]
    public void After_rotation_old_values_still_decrypt_and_new_ones_use_the_new_key()
    {
        var ring = SecretsKeyRing.Generate();
        var old = ring.Protect("the secret", "c");

        var rotated = ring.WithNewCurrentKey();

        Assert.NotEqual(ring.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal("the secret", rotated.Unprotect(old, "c"));
        Assert.StartsWith($"enc:v1:{rotated.CurrentKeyId}:", rotated.Protect("the secret", "c"));
        Assert.Throws<SecretsKeyMissingException>(() => SecretsKeyRing.Generate().Unprotect(old, "c"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_ring_file_is_created_0600_on_first_use_and_read_back_the_same()
    {
        var path = Path.Combine(Directory, "keys", "secrets.key");

        var created = SecretsKeyFile.LoadOrCreate(path);
        var loaded = SecretsKeyFile.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(created.CurrentKeyId, loaded.CurrentKeyId);
        Assert.Equal("x", loaded.Unprotect(created.Protect("x", "c"), "c"));
    }

    [Fact]
    public void A_key_from_the_environment_is_a_list_of_base64_keys_the_first_one_current()
    {
        var current = RandomNumberGenerator.GetBytes(32);
        var old = RandomNumberGenerator.GetBytes(32);
        var oldRing = SecretsKeyRing.Parse(Convert.ToBase64String(old));

        var ring = SecretsKeyRing.Parse($"{Convert.ToBase64String(current)},{Convert.ToBase64String(old)}");

        Assert.Equal("x", ring.Unprotect(oldRing.Protect("x", "c"), "c"));
        Assert.NotEqual(oldRing.CurrentKeyId, ring.CurrentKeyId);
        Assert.Throws<SecretsKeyException>(() => SecretsKeyRing.Parse("not-a-key"));
        Assert.Throws<SecretsKeyException>(() => SecretsKeyRing.Parse(Convert.ToBase64String(new byte[16])));
    }

    [Fact]
    public async Task The_database_and_its_wal_do_not_contain_the_secret_key_or_security_token()
    {
        var key = Key("ATRESTAK00000000001");
        using (var store = SqlStores.Sqlite(DataPath, SecretsKeyRing.Generate()))
        {
            await store.MigrateAsync();
            await store.Auth.SaveAccessKeyAsync(key);
            var read = await store.Auth.FindAccessKeyAsync(key.Id);
            Assert.Equal(key.Secret, read!.Secret);
            Assert.Equal(key.SecurityToken, read.SecurityToken);
            AssertNotOnDisk(key, key.Id); // the WAL still holds the write here
        }
        AssertNotOnDisk(key, key.Id);
    }

    [Fact]
    public async Task A_plaintext_database_of_the_previous_release_is_encrypted_in_place_and_still_reads()
    {
        var key = Key("PLAINAK000000000001");
        using (var old = SqlStores.Sqlite(DataPath)) // no key ring: what the previous release wrote
        {
            await old.MigrateAsync();
            await old.Auth.SaveAccessKeyAsync(key);
        }
        Assert.Contains(key.Secret, RawFiles(), StringComparison.Ordinal); // the test sees a plaintext value

        var ring = SecretsKeyRing.Generate();
        using (var store = SqlStores.Sqlite(DataPath, ring))
        {
            await store.MigrateAsync();
            Assert.Equal(key.Secret, (await store.Auth.FindAccessKeyAsync(key.Id))!.Secret);
            Assert.Equal(key.SecurityToken, (await store.Auth.FindAccessKeyAsync(key.Id))!.SecurityToken);
            await using var c = new SqliteConnection($"Data Source={DataPath};Mode=ReadOnly;Pooling=False");
            await c.OpenAsync();
            await using var cmd = new SqliteCommand("SELECT secret FROM access_keys", c);
            Assert.StartsWith($"enc:v1:{ring.CurrentKeyId}:", (string)(await cmd.ExecuteScalarAsync())!);
        }
        AssertNotOnDisk(key, key.Id); // nor in freed pages or old WAL frames
    }

    [Fact]
    public async Task Encrypted_values_without_their_key_stop_the_migration_with_a_clear_message()
    {
        using (var store = SqlStores.Sqlite(DataPath, SecretsKeyRing.Generate()))
        {
            await store.MigrateAsync();
            await store.Auth.SaveAccessKeyAsync(Key("LOSTKEYAK0000000001"));
        }

        using var other = SqlStores.Sqlite(DataPath, SecretsKeyRing.Generate());
        var e = await Assert.ThrowsAsync<SecretsKeyMissingException>(() => other.MigrateAsync());
        Assert.Contains("not in the key ring", e.Message);
        using var none = SqlStores.Sqlite(DataPath);
        await Assert.ThrowsAsync<SecretsKeyMissingException>(() => none.MigrateAsync());
    }

    [Fact]
    public async Task Reencrypting_moves_every_value_to_the_current_key()
    {
        var ring = SecretsKeyRing.Generate();
        var key = Key("ROTATEAK00000000001");
        using (var store = SqlStores.Sqlite(DataPath, ring))
        {
            await store.MigrateAsync();
            await store.Auth.SaveAccessKeyAsync(key);
        }
        var rotated = ring.WithNewCurrentKey();
        using (var store = SqlStores.Sqlite(DataPath, rotated))
        {
            await store.MigrateAsync();
            Assert.Equal(1, await store.Auth.ReencryptSecretsAsync());
            Assert.Equal(key.Secret, (await store.Auth.FindAccessKeyAsync(key.Id))!.Secret);
        }
        using var newOnly = SqlStores.Sqlite(DataPath, SecretsKeyRing.Parse(rotated.ExportCurrent()));
        await newOnly.MigrateAsync(); // no value needs the old key any more
        Assert.Equal(key.SecurityToken, (await newOnly.Auth.FindAccessKeyAsync(key.Id))!.SecurityToken);
    }

    [Fact]
    public async Task Reencrypting_moves_webhook_secrets_too_so_that_the_new_key_alone_signs()
    {
        var ring = SecretsKeyRing.Generate();
        var secret = Coc.Core.Webhooks.Webhook.NewSecret();
        const long Now = 1_700_000_000_000;
        using (var store = SqlStores.Sqlite(DataPath, ring))
        {
            await store.MigrateAsync();
            await store.Webhooks.CreateAsync(new Coc.Core.Webhooks.Webhook
            {
                Id = Coc.Core.Webhooks.Webhook.NewId(), Project = "p", Url = "https://receiver.example/hook", EventTypes = ["*"], Enabled = true,
                CreatedAt = Now, UpdatedAt = Now,
            }, secret);
            await store.Database.WriteAsync(async (c, tx) =>
            {
                await Coc.Core.Storage.Outbox.Outbox.EnqueueAsync(c, tx,
                    new Coc.Core.Storage.Outbox.OutboxEvent(Coc.Core.Storage.Outbox.OutboxEvent.NewId(), "alarm.created", "p", Now, Data: "{}"));
                return 0;
            }, default);
        }
        var rotated = ring.WithNewCurrentKey();
        using (var store = SqlStores.Sqlite(DataPath, rotated))
        {
            await store.MigrateAsync();
            Assert.Equal(1, await store.Auth.ReencryptSecretsAsync());
        }
        using var newOnly = SqlStores.Sqlite(DataPath, SecretsKeyRing.Parse(rotated.ExportCurrent()));
        await newOnly.MigrateAsync();
        var claimed = Assert.Single(await newOnly.Deliveries.ClaimAsync(Now, TimeSpan.FromMinutes(1), 10));
        Assert.Equal([secret], claimed.Secrets);
    }

    private string RawFiles() => string.Concat(new[] { DataPath, DataPath + "-wal" }.Where(File.Exists)
        .Select(p =>
        {
            using var s = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var m = new MemoryStream();
            s.CopyTo(m);
            return Encoding.Latin1.GetString(m.ToArray());
        }));

    private void AssertNotOnDisk(AccessKey key, string id)
    {
        var raw = RawFiles();
        Assert.Contains(id, raw, StringComparison.Ordinal); // looking in the right place
        Assert.DoesNotContain(key.Secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(key.SecurityToken!, raw, StringComparison.Ordinal);
    }
}
