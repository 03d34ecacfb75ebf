using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Coc.Core.Auth;
using Coc.Server.Hosting;

namespace Coc.Server.Auth;

/// <summary>
/// Access keys (configured ones first, then the database's), and which project a request acts in
/// (auth.md, "Which project a request acts in"). In emulator mode unknown domains and projects are
/// created on first use, with ids derived from their names so that every instance agrees.
/// Projects and domains are never deleted, so what was found once is kept. Keys are read every time: a key
/// deleted on any instance stops working at once.
/// </summary>
public sealed class Tenancy(IAuthStore store, ServerOptions options)
{
    private readonly ConcurrentDictionary<string, Project> _projects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Domain> _domains = new(StringComparer.Ordinal);

    public const string DefaultDomain = "default";
    public const string DefaultProject = "default";

    private readonly Dictionary<string, AccessKey> _configured = options.AccessKeys.ToDictionary(
        k => k.AccessKey,
        k => new AccessKey(k.AccessKey, k.SecretKey, k.Domain, k.Project, Permissions.Parse(k.Permissions), k.SecurityToken, "configured", k.Person),
        StringComparer.Ordinal);

    /// <summary>Drops the projects and domains held (the control plane restored or reset the database underneath).</summary>
    public void ForgetCached()
    {
        _projects.Clear();
        _domains.Clear();
    }

    public bool HasConfiguredKeys => _configured.Count > 0;

    public async Task<AccessKey?> FindKeyAsync(string id, CancellationToken ct) =>
        _configured.TryGetValue(id, out var key) ? key : await store.FindAccessKeyAsync(id, ct);

    private Task<Project?> FindProjectAsync(string id, CancellationToken ct) => Remembered(_projects, id, store.FindProjectAsync, ct);

    private Task<Domain?> FindDomainAsync(string idOrName, CancellationToken ct) => Remembered(_domains, idOrName, store.FindDomainAsync, ct);

    /// <summary>What was found is kept (never deleted); what was not is asked again next time.</summary>
    private static async Task<T?> Remembered<T>(
        ConcurrentDictionary<string, T> known, string key, Func<string, CancellationToken, Task<T?>> find, CancellationToken ct) where T : class
    {
        if (known.TryGetValue(key, out var hit)) return hit;
        var found = await find(key, ct);
        if (found is not null) known[key] = found;
        return found;
    }

    /// <summary>The project for a key and the request's X-Project-Id / X-Domain-Id, or a 403 reason.</summary>
    public async Task<(string Domain, string? Project, string? Refusal)> ResolveProjectAsync(
        string keyId, string domainId, string? boundProject, string? projectHeader, string? domainHeader, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(projectHeader))
        {
            if (boundProject is not null)
                return boundProject == projectHeader ? (domainId, projectHeader, null)
                    : (domainId, null, $"access key {keyId} is not bound to project {projectHeader}");
            var project = await FindProjectAsync(projectHeader, ct);
            if (project is null && options.Emulator)
            {
                await store.SaveProjectAsync(new Project(projectHeader, projectHeader, domainId), ct);
                project = await FindProjectAsync(projectHeader, ct);
            }
            return project is not null && project.DomainId == domainId ? (domainId, project.Id, null)
                : (domainId, null, $"access key {keyId} is not bound to project {projectHeader}");
        }
        if (!string.IsNullOrEmpty(domainHeader))
        {
            var domain = await FindOrCreateDomainAsync(domainHeader, ct);
            if (domain is null || domain.Id != domainId && !(options.Emulator && domainId == DefaultDomain))
                return (domainId, null, $"access key {keyId} does not belong to domain {domainHeader}");
            return (domain.Id, boundProject ?? domain.DefaultProjectId, null);
        }
        if (boundProject is not null) return (domainId, boundProject, null);
        var own = await FindOrCreateDomainAsync(domainId, ct);
        return (domainId, own?.DefaultProjectId ?? DefaultProject, null);
    }

    public async Task<Domain?> FindOrCreateDomainAsync(string idOrName, CancellationToken ct)
    {
        var domain = await FindDomainAsync(idOrName, ct);
        if (domain is not null || !options.Emulator) return domain;
        return await EnsureDomainAsync(idOrName, idOrName == DefaultDomain ? DefaultProject : StableId(idOrName, "default"), ct);
    }

    public async Task<Domain> EnsureDomainAsync(string name, string defaultProjectId, CancellationToken ct)
    {
        var domain = await store.FindDomainAsync(name, ct);
        if (domain is not null) return domain;
        domain = new Domain(name, name, defaultProjectId);
        await store.SaveDomainAsync(domain, ct);
        await store.SaveProjectAsync(new Project(defaultProjectId, defaultProjectId == DefaultProject ? DefaultProject : name, domain.Id), ct);
        return await store.FindDomainAsync(name, ct) ?? domain;
    }

    /// <summary>IAM's project look-up by name (the SDK asks with the region name); emulator mode creates it.</summary>
    public async Task<IReadOnlyList<Project>> ProjectsAsync(string domainId, string? name, CancellationToken ct)
    {
        var projects = await store.ListProjectsAsync(domainId, string.IsNullOrEmpty(name) ? null : name, ct);
        if (projects.Count > 0 || !options.Emulator || string.IsNullOrEmpty(name)) return projects;
        await store.SaveProjectAsync(new Project(StableId(domainId, name), name, domainId), ct);
        return await store.ListProjectsAsync(domainId, name, ct);
    }

    private static string StableId(string domain, string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain + "/" + name)))[..32];
}
