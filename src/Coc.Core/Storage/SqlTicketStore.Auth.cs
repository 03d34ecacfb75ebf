using System.Data.Common;
using Coc.Core.Auth;
using Coc.Core.Storage.Encryption;
using Dapper;

namespace Coc.Core.Storage;

/// <summary>Domains, projects, access keys, users and tokens, in the same database as the tickets.</summary>
public abstract partial class SqlTicketStore
{
    /// <summary>Encrypts access keys' secrets and security tokens at rest. The server always sets it; without it (tests
    /// of the SQL layer, and the previous release) values are stored as they are, and encrypted ones cannot be read.</summary>
    public SecretsKeyRing? SecretsKeys { get; init; }

    public Task<bool> HasAnyAccessKeyAsync(CancellationToken ct = default) =>
        ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_keys") > 0, ct);

    public Task<AccessKey?> FindAccessKeyAsync(string id, CancellationToken ct = default) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<KeyRow>($"{SelectKey} WHERE id = @id", new { id }))?.ToKey(this), ct);

    public Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<AccessKey>>(async c => (await c.QueryAsync<KeyRow>($"{SelectKey} ORDER BY id")).Select(k => k.ToKey(this)).ToList(), ct);

    public Task SaveAccessKeyAsync(AccessKey key, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO access_keys (id, secret, domain_id, project_id, permissions, security_token, description, person_id)
            VALUES (@Id, @Secret, @DomainId, @ProjectId, @Permissions, @SecurityToken, @Description, @PersonId)
            ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, domain_id = excluded.domain_id, project_id = excluded.project_id,
                permissions = excluded.permissions, security_token = excluded.security_token, description = excluded.description,
                person_id = excluded.person_id
            """, new
            {
                key.Id, Secret = Protect(key.Secret, SecretContext(key.Id)), key.DomainId, key.ProjectId, Permissions = Join(key.Permissions),
                SecurityToken = key.SecurityToken is null ? null : Protect(key.SecurityToken, TokenContext(key.Id)), key.Description,
                key.PersonId,
            }, tx), ct);

    public Task<bool> DeleteAccessKeyAsync(string id, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync("DELETE FROM access_keys WHERE id = @id", new { id }, tx) > 0, ct);

    public Task<Domain?> FindDomainAsync(string idOrName, CancellationToken ct = default) =>
        ReadAsync(c => c.QueryFirstOrDefaultAsync<Domain?>(
            "SELECT id AS Id, name AS Name, default_project_id AS DefaultProjectId FROM domains WHERE id = @idOrName OR name = @idOrName ORDER BY CASE WHEN id = @idOrName THEN 0 ELSE 1 END",
            new { idOrName }), ct);

    public Task SaveDomainAsync(Domain domain, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO domains (id, name, default_project_id) VALUES (@Id, @Name, @DefaultProjectId) ON CONFLICT (id) DO NOTHING",
            domain, tx), ct);

    public Task<Project?> FindProjectAsync(string id, CancellationToken ct = default) =>
        ReadAsync(c => c.QuerySingleOrDefaultAsync<Project?>($"{SelectProject} WHERE id = @id", new { id }), ct);

    public Task<IReadOnlyList<Project>> ListProjectsAsync(string domainId, string? name, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<Project>>(async c => (await c.QueryAsync<Project>(
            $"{SelectProject} WHERE domain_id = @domainId AND (@name IS NULL OR name = @name) ORDER BY name, id",
            new { domainId, name })).ToList(), ct);

    public Task SaveProjectAsync(Project project, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO projects (id, name, domain_id) VALUES (@Id, @Name, @DomainId) ON CONFLICT (id) DO NOTHING", project, tx), ct);

    public Task<User?> FindUserAsync(string domainId, string name, CancellationToken ct = default) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<UserRow>(
            $"{SelectUser} WHERE domain_id = @domainId AND name = @name", new { domainId, name }))?.ToUser(), ct);

    public Task<User?> FindUserByIdAsync(string id, CancellationToken ct = default) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<UserRow>($"{SelectUser} WHERE id = @id", new { id }))?.ToUser(), ct);

    public Task SaveUserAsync(User user, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO users (id, name, domain_id, password_hash, permissions, project_id, person_id)
            VALUES (@Id, @Name, @DomainId, @PasswordHash, @Permissions, @ProjectId, @PersonId)
            ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, permissions = excluded.permissions,
                project_id = excluded.project_id, person_id = excluded.person_id
            """, new { user.Id, user.Name, user.DomainId, user.PasswordHash, Permissions = Join(user.Permissions), user.ProjectId, user.PersonId }, tx), ct);

    public Task SaveTokenAsync(IssuedToken token, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO tokens (token_hash, user_id, project_id, issued_at, expires_at, revoked) VALUES (@TokenHash, @UserId, @ProjectId, @IssuedAt, @ExpiresAt, @Revoked)",
            token, tx), ct);

    public Task<IssuedToken?> FindTokenAsync(string tokenHash, CancellationToken ct = default) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<TokenRow>(
            "SELECT token_hash AS TokenHash, user_id AS UserId, project_id AS ProjectId, issued_at AS IssuedAt, expires_at AS ExpiresAt, revoked AS Revoked FROM tokens WHERE token_hash = @tokenHash",
            new { tokenHash }))?.ToToken(), ct);

    public Task<int> RevokeTokensAsync(string? tokenHash, string? userId, CancellationToken ct = default) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE tokens SET revoked = @revoked WHERE (@tokenHash IS NOT NULL AND token_hash = @tokenHash) OR (@userId IS NOT NULL AND user_id = @userId)",
            new { tokenHash, userId, revoked = true }, tx), ct);

    /// <summary>
    /// Part of every migration run, in its transaction: encrypts values still in plaintext (a database of the previous
    /// release, or a row an older binary wrote since), and refuses a database whose values need a key not given.
    /// </summary>
    private async Task<int> EncryptPlaintextSecretsAsync(DbConnection c, DbTransaction tx)
    {
        var encrypted = 0;
        foreach (var row in await c.QueryAsync<SecretRow>(SelectSecrets, transaction: tx))
        {
            foreach (var value in new[] { row.Secret, row.SecurityToken })
                if (value is not null && SecretsKeyRing.KeyIdOf(value) is { } id && SecretsKeys?.CanRead(value) != true)
                    throw SecretsKeyMissingException.For(id);
            if (SecretsKeys is null) continue;
            if (SecretsKeyRing.IsProtected(row.Secret) && (row.SecurityToken is null || SecretsKeyRing.IsProtected(row.SecurityToken))) continue;
            await UpdateSecretsAsync(c, tx, row);
            encrypted++;
        }
        return encrypted;
    }

    /// <summary>Re-encrypts every value not under the current key (after a key rotation); the number of keys changed.</summary>
    public Task<int> ReencryptSecretsAsync(CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            var ring = SecretsKeys ?? throw new InvalidOperationException("no secrets key ring");
            var changed = 0;
            foreach (var row in await c.QueryAsync<SecretRow>(SelectSecrets, transaction: tx))
            {
                if (new[] { row.Secret, row.SecurityToken }.All(v => v is null || SecretsKeyRing.KeyIdOf(v) == ring.CurrentKeyId)) continue;
                await UpdateSecretsAsync(c, tx, row);
                changed++;
            }
            return changed;
        }, ct);

    private Task UpdateSecretsAsync(DbConnection c, DbTransaction tx, SecretRow row) =>
        c.ExecuteAsync("UPDATE access_keys SET secret = @secret, security_token = @token WHERE id = @id", new
        {
            id = row.Id,
            secret = Protect(Unprotect(row.Secret, SecretContext(row.Id)), SecretContext(row.Id)),
            token = row.SecurityToken is null ? null : Protect(Unprotect(row.SecurityToken, TokenContext(row.Id)), TokenContext(row.Id)),
        }, tx);

    private string Protect(string value, string context) => SecretsKeys?.Protect(value, context) ?? value;

    private string Unprotect(string stored, string context) =>
        SecretsKeys?.Unprotect(stored, context)
        ?? (SecretsKeyRing.KeyIdOf(stored) is { } id ? throw SecretsKeyMissingException.For(id) : stored);

    private static string SecretContext(string accessKey) => "access_keys.secret:" + accessKey;
    private static string TokenContext(string accessKey) => "access_keys.security_token:" + accessKey;

    private const string SelectSecrets = "SELECT id AS Id, secret AS Secret, security_token AS SecurityToken FROM access_keys ORDER BY id";

    private sealed class SecretRow
    {
        public string Id { get; init; } = "";
        public string Secret { get; init; } = "";
        public string? SecurityToken { get; init; }
    }

    private const string SelectKey =
        "SELECT id AS Id, secret AS Secret, domain_id AS DomainId, project_id AS ProjectId, permissions AS Permissions, security_token AS SecurityToken, description AS Description, person_id AS PersonId FROM access_keys";
    private const string SelectProject = "SELECT id AS Id, name AS Name, domain_id AS DomainId FROM projects";
    private const string SelectUser =
        "SELECT id AS Id, name AS Name, domain_id AS DomainId, password_hash AS PasswordHash, permissions AS Permissions, project_id AS ProjectId, person_id AS PersonId FROM users";

    private static string Join(IReadOnlyList<string> permissions) => string.Join(',', permissions);
    private static IReadOnlyList<string> Split(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private sealed class KeyRow
    {
        public string Id { get; init; } = "";
        public string Secret { get; init; } = "";
        public string DomainId { get; init; } = "";
        public string? ProjectId { get; init; }
        public string Permissions { get; init; } = "";
        public string? SecurityToken { get; init; }
        public string? Description { get; init; }
        public string? PersonId { get; init; }
        public AccessKey ToKey(SqlTicketStore store) => new(Id, store.Unprotect(Secret, SecretContext(Id)), DomainId, ProjectId, Split(Permissions),
            SecurityToken is null ? null : store.Unprotect(SecurityToken, TokenContext(Id)), Description, PersonId);
    }

    private sealed class TokenRow
    {
        public string TokenHash { get; init; } = "";
        public string UserId { get; init; } = "";
        public string ProjectId { get; init; } = "";
        public long IssuedAt { get; init; }
        public long ExpiresAt { get; init; }
        public bool Revoked { get; init; }
        public IssuedToken ToToken() => new(TokenHash, UserId, ProjectId, IssuedAt, ExpiresAt, Revoked);
    }

    private sealed class UserRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string DomainId { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Permissions { get; init; } = "";
        public string? ProjectId { get; init; }
        public string? PersonId { get; init; }
        public User ToUser() => new(Id, Name, DomainId, PasswordHash, Split(Permissions), ProjectId, PersonId);
    }
}
