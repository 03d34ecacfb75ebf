namespace Coc.Core.Auth;

public sealed record Domain(string Id, string Name, string DefaultProjectId);

public sealed record Project(string Id, string Name, string DomainId);

/// <summary>An AK/SK pair. Bound to one project, or (ProjectId null) global: any project of its domain.
/// A temporary credential also carries the security token that requests must present. PersonId: the directory person
/// the key acts as (null: a system integration, which may name any person).</summary>
public sealed record AccessKey(
    string Id, string Secret, string DomainId, string? ProjectId, IReadOnlyList<string> Permissions,
    string? SecurityToken = null, string? Description = null, string? PersonId = null);

/// <summary>A console or API user: bound to one project, or (ProjectId null) to every project of its domain, and
/// optionally to the directory person it acts as.</summary>
public sealed record User(
    string Id, string Name, string DomainId, string PasswordHash, IReadOnlyList<string> Permissions,
    string? ProjectId = null, string? PersonId = null);

/// <summary>An issued X-Auth-Token; only the SHA-256 of the token is stored.</summary>
public sealed record IssuedToken(string TokenHash, string UserId, string ProjectId, long IssuedAt, long ExpiresAt, bool Revoked);

public interface IAuthStore
{
    Task<bool> HasAnyAccessKeyAsync(CancellationToken ct = default);
    Task<AccessKey?> FindAccessKeyAsync(string id, CancellationToken ct = default);
    Task SaveAccessKeyAsync(AccessKey key, CancellationToken ct = default);
    Task<bool> DeleteAccessKeyAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(CancellationToken ct = default);

    Task<Domain?> FindDomainAsync(string idOrName, CancellationToken ct = default);
    Task SaveDomainAsync(Domain domain, CancellationToken ct = default);
    Task<Project?> FindProjectAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Project>> ListProjectsAsync(string domainId, string? name, CancellationToken ct = default);
    Task SaveProjectAsync(Project project, CancellationToken ct = default);

    Task<User?> FindUserAsync(string domainId, string name, CancellationToken ct = default);
    Task<User?> FindUserByIdAsync(string id, CancellationToken ct = default);
    Task SaveUserAsync(User user, CancellationToken ct = default);

    Task SaveTokenAsync(IssuedToken token, CancellationToken ct = default);
    Task<IssuedToken?> FindTokenAsync(string tokenHash, CancellationToken ct = default);
    Task<int> RevokeTokensAsync(string? tokenHash, string? userId, CancellationToken ct = default);
}
