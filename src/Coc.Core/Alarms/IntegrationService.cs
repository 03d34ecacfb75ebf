using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage;
using Coc.Core.Tickets;

namespace Coc.Core.Alarms;

/// <summary>
/// Integrations: created, renamed, re-ruled, disabled, enabled and re-keyed by administrators (alarms.md,
/// Integrations), and found by the key an event arrives with. The key is known only on create and rotate.
/// </summary>
public sealed class IntegrationService(IAlarmStore store, TicketRules rules, TimeProvider clock)
{
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Enabled integrations by key hash, as last read. Only a hint: every delivery's write checks its row
    /// (<see cref="IAlarmWrite.TouchIntegrationAsync"/>), so a change made here or by another instance is seen at once.</summary>
    private readonly ConcurrentDictionary<string, Integration> _byKeyHash = new(StringComparer.Ordinal);
    private const int MaxCached = 10_000;

    /// <summary>Drops the integrations held for ingestion (the control plane changed the database underneath).</summary>
    public void ForgetCached() => _byKeyHash.Clear();

    public Task<IReadOnlyList<Integration>> ListAsync(string project, CancellationToken ct = default) => store.ListIntegrationsAsync(project, ct);

    public async Task<Integration> GetAsync(string? project, string id, CancellationToken ct = default) =>
        await store.FindIntegrationAsync(project, id, ct) ?? throw CocErrors.Invalid($"integration {id} does not exist");

    /// <summary>Validates a rule given as JSON (an object, keys of alarms.md).</summary>
    public TransferRule ParseRule(JsonElement rule) => TransferRule.Parse(rule, rules);

    public async Task<IntegrationWithKey> CreateAsync(string project, string name, string type, bool enabled, TransferRule? rule, CancellationToken ct = default)
    {
        CheckName(name);
        if (!IntegrationTypes.IsKnown(type)) throw CocErrors.Invalid("type must be prometheus or custom");
        var key = IntegrationKeys.Generate();
        var now = Now;
        var integration = new Integration
        {
            Id = NewId(), Project = project, Name = name, Type = type, Enabled = enabled, KeyHash = IntegrationKeys.Hash(key),
            KeyHint = IntegrationKeys.Hint(key), Rule = rule ?? TransferRule.Manual, CreatedAt = now, UpdatedAt = now,
        };
        if (!await store.InsertIntegrationAsync(integration, ct)) throw NameTaken(name);
        return new IntegrationWithKey(integration, key);
    }

    /// <summary>The admin API's create body: <c>{name, type, enabled?, transfer_rule?}</c>.</summary>
    public Task<IntegrationWithKey> CreateAsync(string project, JsonElement body, CancellationToken ct = default)
    {
        var f = new JsonFields(body);
        var name = f.RequiredString("name", Integration.MaxName);
        var type = f.RequiredKey("type", IntegrationTypes.IsKnown);
        var enabled = f.OptionalBoolean("enabled") ?? true;
        var rule = body.TryGetProperty("transfer_rule", out var r) && r.ValueKind != JsonValueKind.Null ? ParseRule(r) : null;
        return CreateAsync(project, name, type, enabled, rule, ct);
    }

    /// <summary>The admin API's update body: <c>{name?, transfer_rule?}</c>.</summary>
    public async Task<Integration> UpdateAsync(string project, string id, JsonElement body, CancellationToken ct = default)
    {
        var f = new JsonFields(body);
        var name = f.OptionalString("name", Integration.MaxName);
        if (name is not null) CheckName(name);
        var rule = body.TryGetProperty("transfer_rule", out var r) && r.ValueKind != JsonValueKind.Null ? ParseRule(r) : null;
        var current = await GetAsync(project, id, ct);
        return await SaveAsync(current with { Name = name ?? current.Name, Rule = rule ?? current.Rule }, ct);
    }

    public async Task<Integration> SetRuleAsync(string? project, string id, TransferRule rule, CancellationToken ct = default) =>
        await SaveAsync(await GetAsync(project, id, ct) with { Rule = rule }, ct);

    public async Task<Integration> SetEnabledAsync(string? project, string id, bool enabled, CancellationToken ct = default) =>
        await SaveAsync(await GetAsync(project, id, ct) with { Enabled = enabled }, ct);

    /// <summary>A new key; the old one stops working at once. A null project: the admin CLI, which names only the id.</summary>
    public async Task<IntegrationWithKey> RotateKeyAsync(string? project, string id, CancellationToken ct = default)
    {
        var key = IntegrationKeys.Generate();
        var saved = await SaveAsync(await GetAsync(project, id, ct) with { KeyHash = IntegrationKeys.Hash(key), KeyHint = IntegrationKeys.Hint(key) }, ct);
        return new IntegrationWithKey(saved, key);
    }

    private async Task<Integration> SaveAsync(Integration changed, CancellationToken ct)
    {
        var saved = changed with { UpdatedAt = Now };
        foreach (var cached in _byKeyHash.Where(c => c.Value.Id == saved.Id)) _byKeyHash.TryRemove(cached);
        if (!await store.UpdateIntegrationAsync(saved, ct)) throw NameTaken(saved.Name);
        return saved;
    }

    /// <summary>
    /// The enabled integration of <paramref name="type"/> the key belongs to, else 401 (one answer for unknown,
    /// malformed and disabled). In emulator mode an unknown well-formed key makes one, on first use, in
    /// <paramref name="project"/> with auto-creation off — <paramref name="createUnknown"/> is called only after the
    /// payload was found valid, so a bad payload stores nothing.
    /// </summary>
    /// <param name="fresh">Read storage even when the key's integration is cached (the cached one was found changed).</param>
    public async Task<Integration?> FindForIngestAsync(string? key, string type, bool fresh = false, CancellationToken ct = default)
    {
        if (!IntegrationKeys.IsWellFormed(key)) throw CocErrors.IntegrationKeyRefused();
        var hash = IntegrationKeys.Hash(key!);
        if (fresh || !_byKeyHash.TryGetValue(hash, out var found))
        {
            _byKeyHash.TryRemove(hash, out _);
            found = await store.FindIntegrationByKeyHashAsync(hash, ct);
            if (found is { Enabled: true })
            {
                if (_byKeyHash.Count >= MaxCached) _byKeyHash.Clear();
                _byKeyHash[hash] = found;
            }
        }
        if (found is null) return rules.Emulator ? null : throw CocErrors.IntegrationKeyRefused();
        if (!found.Enabled || found.Type != type) throw CocErrors.IntegrationKeyRefused();
        return found;
    }

    public async Task<Integration> CreateForUnknownKeyAsync(string key, string type, string project, CancellationToken ct = default)
    {
        var hash = IntegrationKeys.Hash(key);
        var now = Now;
        var integration = new Integration
        {
            Id = NewId(), Project = project, Name = $"{type}-{hash[..12]}", Type = type, Enabled = true, KeyHash = hash,
            KeyHint = IntegrationKeys.Hint(key), Rule = TransferRule.Manual, CreatedAt = now, UpdatedAt = now,
        };
        if (await store.InsertIntegrationAsync(integration, ct)) return integration;
        // A concurrent first use made it.
        return await store.FindIntegrationByKeyHashAsync(hash, ct) is { Enabled: true } made && made.Type == type
            ? made : throw CocErrors.IntegrationKeyRefused();
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > Integration.MaxName)
            throw CocErrors.Invalid($"name must be 1 to {Integration.MaxName} characters, not blank");
    }

    private static CocException NameTaken(string name) => CocErrors.Invalid($"name: the project already has an integration named {name}");

    private static string NewId() => "itg-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
}
