using Coc.Core.Auth;
using Dapper;

namespace Coc.Core.Storage.Auth;

/// <summary>Domains, projects, access keys, users and tokens, in the same database as the tickets. Access keys'
/// secrets and security tokens go through <paramref name="secrets"/> (encrypted at rest).</summary>
public sealed class SqlAuthStore(Database database, SecretsAtRest secrets) : IAuthStore
{

    public Task<bool> HasAnyAccessKeyAsync(CancellationToken ct = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_keys") > 0, ct);

    public Task<AccessKey?> FindAccessKeyAsync(string id, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<KeyRow>($"{SelectKey} WHERE id = @id", new { id }))?.ToKey(secrets), ct);

    public Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<AccessKey>>(async c => (await c.QueryAsync<KeyRow>($"{SelectKey} ORDER BY id")).Select(k => k.ToKey(secrets)).ToList(), ct);

    public Task SaveAccessKeyAsync(AccessKey key, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO access_keys (id, secret, domain_id, project_id, permissions, security_token, description, person_id)
            VALUES (@Id, @Secret, @DomainId, @ProjectId, @Permissions, @SecurityToken, @Description, @PersonId)
            ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, domain_id = excluded.domain_id, project_id = excluded.project_id,
                permissions = excluded.permissions, security_token = excluded.security_token, description = excluded.description,
                person_id = excluded.person_id
            """, new
            {
                key.Id, Secret = secrets.ProtectSecret(key.Id, key.Secret), key.DomainId, key.ProjectId, Permissions = Join(key.Permissions),
                SecurityToken = key.SecurityToken is null ? null : secrets.ProtectToken(key.Id, key.SecurityToken), key.Description,
                key.PersonId,
            }, tx), ct);

    public Task<bool> DeleteAccessKeyAsync(string id, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) => await c.ExecuteAsync("DELETE FROM access_keys WHERE id = @id", new { id }, tx) > 0, ct);

    public Task<Domain?> FindDomainAsync(string idOrName, CancellationToken ct = default) =>
        database.ReadAsync(c => c.QueryFirstOrDefaultAsync<Domain?>(
            "SELECT id AS Id, name AS Name, default_project_id AS DefaultProjectId FROM domains WHERE id = @idOrName OR name = @idOrName ORDER BY CASE WHEN id = @idOrName THEN 0 ELSE 1 END",
            new { idOrName }), ct);

    public Task SaveDomainAsync(Domain domain, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO domains (id, name, default_project_id) VALUES (@Id, @Name, @DefaultProjectId) ON CONFLICT (id) DO NOTHING",
            domain, tx), ct);

    public Task<Project?> FindProjectAsync(string id, CancellationToken ct = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<Project?>($"{SelectProject} WHERE id = @id", new { id }), ct);

    public Task<IReadOnlyList<Project>> ListProjectsAsync(string domainId, string? name, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Project>>(async c => (await c.QueryAsync<Project>(
            $"{SelectProject} WHERE domain_id = @domainId AND (@name IS NULL OR name = @name) ORDER BY name, id",
            new { domainId, name })).ToList(), ct);

    public Task SaveProjectAsync(Project project, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO projects (id, name, domain_id) VALUES (@Id, @Name, @DomainId) ON CONFLICT (id) DO NOTHING", project, tx), ct);

    public Task<User?> FindUserAsync(string domainId, string name, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<UserRow>(
            $"{SelectUser} WHERE domain_id = @domainId AND name = @name", new { domainId, name }))?.ToUser(), ct);

    public Task<User?> FindUserByIdAsync(string id, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<UserRow>($"{SelectUser} WHERE id = @id", new { id }))?.ToUser(), ct);

    public Task SaveUserAsync(User user, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO users (id, name, domain_id, password_hash, permissions, project_id, person_id)
            VALUES (@Id, @Name, @DomainId, @PasswordHash, @Permissions, @ProjectId, @PersonId)
            ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, permissions = excluded.permissions,
                project_id = excluded.project_id, person_id = excluded.person_id
            """, new { user.Id, user.Name, user.DomainId, user.PasswordHash, Permissions = Join(user.Permissions), user.ProjectId, user.PersonId }, tx), ct);

    public Task SaveTokenAsync(IssuedToken token, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO tokens (token_hash, user_id, project_id, issued_at, expires_at, revoked) VALUES (@TokenHash, @UserId, @ProjectId, @IssuedAt, @ExpiresAt, @Revoked)",
            token, tx), ct);

    public Task<IssuedToken?> FindTokenAsync(string tokenHash, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<TokenRow>(
            "SELECT token_hash AS TokenHash, user_id AS UserId, project_id AS ProjectId, issued_at AS IssuedAt, expires_at AS ExpiresAt, revoked AS Revoked FROM tokens WHERE token_hash = @tokenHash",
            new { tokenHash }))?.ToToken(), ct);

    public Task<int> RevokeTokensAsync(string? tokenHash, string? userId, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE tokens SET revoked = @revoked WHERE (@tokenHash IS NOT NULL AND token_hash = @tokenHash) OR (@userId IS NOT NULL AND user_id = @userId)",
            new { tokenHash, userId, revoked = true }, tx), ct);

    /// <summary>Re-encrypts every value not under the current key (after a key rotation); the number of keys changed.</summary>
    public Task<int> ReencryptSecretsAsync(CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => secrets.ReencryptAsync(c, tx), ct);

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
        public AccessKey ToKey(SecretsAtRest secrets) => new(Id, secrets.UnprotectSecret(Id, Secret), DomainId, ProjectId, Split(Permissions),
            SecurityToken is null ? null : secrets.UnprotectToken(Id, SecurityToken), Description, PersonId);
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
