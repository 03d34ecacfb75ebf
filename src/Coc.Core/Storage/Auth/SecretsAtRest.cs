using System.Data.Common;
using Coc.Core.Storage.Encryption;
using Dapper;

namespace Coc.Core.Storage.Auth;

/// <summary>
/// Access keys' secrets and security tokens as stored: encrypted with <paramref name="keys"/>, each bound to its
/// column and key id. The server always has a key ring; without one (tests of the SQL layer, and the previous
/// release) values are stored as they are, and encrypted ones cannot be read. As a data migration it encrypts what
/// is still in plaintext, in every migration run.
/// </summary>
public sealed class SecretsAtRest(SecretsKeyRing? keys) : IDataMigration
{
    public SecretsKeyRing? Keys => keys;

    public string ProtectSecret(string accessKey, string value) => Protect(value, SecretContext(accessKey));
    public string ProtectToken(string accessKey, string value) => Protect(value, TokenContext(accessKey));
    public string UnprotectSecret(string accessKey, string stored) => Unprotect(stored, SecretContext(accessKey));
    public string UnprotectToken(string accessKey, string stored) => Unprotect(stored, TokenContext(accessKey));
    public string ProtectWebhookSecret(string webhookId, string value) => Protect(value, WebhookContext(webhookId));
    public string UnprotectWebhookSecret(string webhookId, string stored) => Unprotect(stored, WebhookContext(webhookId));

    /// <summary>
    /// Encrypts values still in plaintext (a database of the previous release, or a row an older binary wrote since),
    /// and refuses a database whose values need a key not given.
    /// </summary>
    public async Task<int> RunAsync(DbConnection c, DbTransaction tx)
    {
        var encrypted = 0;
        foreach (var row in await c.QueryAsync<SecretRow>(SelectSecrets, transaction: tx))
        {
            foreach (var value in new[] { row.Secret, row.SecurityToken })
                if (value is not null && SecretsKeyRing.KeyIdOf(value) is { } id && keys?.CanRead(value) != true)
                    throw SecretsKeyMissingException.For(id);
            if (keys is null) continue;
            if (SecretsKeyRing.IsProtected(row.Secret) && (row.SecurityToken is null || SecretsKeyRing.IsProtected(row.SecurityToken))) continue;
            await UpdateAsync(c, tx, row);
            encrypted++;
        }
        return encrypted;
    }

    /// <summary>Re-encrypts every value not under the current key (after a key rotation), webhook secrets included; the
    /// number of access keys and webhooks changed.</summary>
    public async Task<int> ReencryptAsync(DbConnection c, DbTransaction tx)
    {
        var ring = keys ?? throw new InvalidOperationException("no secrets key ring");
        var changed = 0;
        foreach (var row in await c.QueryAsync<SecretRow>(SelectSecrets, transaction: tx))
        {
            if (new[] { row.Secret, row.SecurityToken }.All(v => v is null || SecretsKeyRing.KeyIdOf(v) == ring.CurrentKeyId)) continue;
            await UpdateAsync(c, tx, row);
            changed++;
        }
        foreach (var hook in await c.QueryAsync<(string Id, string Secret, string? Previous)>(
                     "SELECT id, secret, previous_secret FROM webhooks ORDER BY id", transaction: tx))
        {
            if (new[] { hook.Secret, hook.Previous }.All(v => v is null || SecretsKeyRing.KeyIdOf(v) == ring.CurrentKeyId)) continue;
            await c.ExecuteAsync("UPDATE webhooks SET secret = @secret, previous_secret = @previous WHERE id = @id", new
            {
                id = hook.Id,
                secret = ProtectWebhookSecret(hook.Id, UnprotectWebhookSecret(hook.Id, hook.Secret)),
                previous = hook.Previous is null ? null : ProtectWebhookSecret(hook.Id, UnprotectWebhookSecret(hook.Id, hook.Previous)),
            }, tx);
            changed++;
        }
        return changed;
    }

    private Task UpdateAsync(DbConnection c, DbTransaction tx, SecretRow row) =>
        c.ExecuteAsync("UPDATE access_keys SET secret = @secret, security_token = @token WHERE id = @id", new
        {
            id = row.Id,
            secret = ProtectSecret(row.Id, UnprotectSecret(row.Id, row.Secret)),
            token = row.SecurityToken is null ? null : ProtectToken(row.Id, UnprotectToken(row.Id, row.SecurityToken)),
        }, tx);

    private string Protect(string value, string context) => keys?.Protect(value, context) ?? value;

    private string Unprotect(string stored, string context) =>
        keys?.Unprotect(stored, context)
        ?? (SecretsKeyRing.KeyIdOf(stored) is { } id ? throw SecretsKeyMissingException.For(id) : stored);

    private static string SecretContext(string accessKey) => "access_keys.secret:" + accessKey;
    private static string TokenContext(string accessKey) => "access_keys.security_token:" + accessKey;
    private static string WebhookContext(string webhookId) => "webhooks.secret:" + webhookId;

    private const string SelectSecrets = "SELECT id AS Id, secret AS Secret, security_token AS SecurityToken FROM access_keys ORDER BY id";

    private sealed class SecretRow
    {
        public string Id { get; init; } = "";
        public string Secret { get; init; } = "";
        public string? SecurityToken { get; init; }
    }
}
