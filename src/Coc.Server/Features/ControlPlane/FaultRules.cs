using Coc.Core.Errors;

namespace Coc.Server.Features.ControlPlane;

/// <summary>One fault injection rule (control.md): what it matches, what it does, and how long it lives.</summary>
public sealed class FaultRule
{
    public required string Id { get; init; }
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? OperateKey { get; init; }
    public double Probability { get; init; } = 1;
    public long? LatencyMs { get; init; }
    public int? Status { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMsg { get; init; }
    public long? ExpiresInMs { get; init; }
    public long? ExpiresAt { get; init; }

    /// <summary>Requests still to answer (null: no limit); taken under the registry's lock, so parallel requests never overdraw it.</summary>
    internal long? Remaining;

    internal long Hits;

    public bool Matches(string method, string path, string? operateKey) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Path is null || (Path.EndsWith('*') ? path.StartsWith(Path[..^1], StringComparison.Ordinal) : path == Path))
        && (OperateKey is null || OperateKey == operateKey);

    /// <summary>Claims one use of the rule: false when its count has run out. Called under the registry's lock.</summary>
    internal bool TryUse()
    {
        if (Remaining is { } left)
        {
            if (left <= 0) return false;
            Remaining = left - 1;
        }
        Interlocked.Increment(ref Hits);
        return true;
    }

    public FaultRuleData ToData() => new()
    {
        Id = Id, Method = Method, Path = Path, OperateKey = OperateKey, Probability = Probability, LatencyMs = LatencyMs, Status = Status,
        ErrorCode = ErrorCode, ErrorMsg = ErrorMsg, Count = Remaining, ExpiresInMs = ExpiresInMs, ExpiresAt = ExpiresAt, Hits = Interlocked.Read(ref Hits),
    };

    /// <summary>The code a status answers with when the rule names none.</summary>
    public static string DefaultCode(int status) => status switch
    {
        429 => CocErrors.ThrottledCode,
        401 => CocErrors.UnauthorizedCode,
        403 => CocErrors.ForbiddenCode,
        404 => CocErrors.NoSuchApiCode,
        409 => CocErrors.NotAllowedCode,
        413 => CocErrors.TooLargeCode,
        507 => CocErrors.StorageFullCode,
        < 500 => CocErrors.InvalidParameterCode,
        _ => CocErrors.InternalCode,
    };
}

/// <summary>The fault rules of this process, in memory (a restart forgets them), in the order they were added.</summary>
public sealed class FaultRegistry(TimeProvider clock)
{
    public const int MaxRules = 100;
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private volatile bool _any;

    /// <summary>Whether any rule exists: the middleware costs nothing otherwise.</summary>
    public bool Any => _any;

    /// <summary>Whether a live rule matches on operate_key (the middleware then reads the body's operate_key).</summary>
    public bool NeedsOperateKey
    {
        get { lock (_gate) return _rules.Any(r => r.OperateKey is not null); }
    }

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate)
        {
            Prune();
            if (_rules.Count >= MaxRules) throw CocErrors.NotAllowed($"at most {MaxRules} fault rules; delete some first");
            _rules.Add(rule);
            _any = true;
        }
        return rule;
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (_gate)
        {
            Prune();
            return [.. _rules];
        }
    }

    public FaultRule? Find(string id)
    {
        lock (_gate)
        {
            Prune();
            return _rules.FirstOrDefault(r => r.Id == id);
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            var removed = _rules.RemoveAll(r => r.Id == id) > 0;
            _any = _rules.Count > 0;
            return removed;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _any = false;
        }
    }

    /// <summary>The first live rule that matches and fires (its probability drawn), with one use of its count taken.</summary>
    public FaultRule? Take(string method, string path, string? operateKey)
    {
        lock (_gate)
        {
            Prune();
            foreach (var rule in _rules)
            {
                if (!rule.Matches(method, path, operateKey)) continue;
                if (rule.Probability < 1 && Random.Shared.NextDouble() >= rule.Probability) continue;
                if (!rule.TryUse()) continue;
                if (rule.Remaining == 0) _rules.Remove(rule); // its last use: gone from the list at once
                _any = _rules.Count > 0;
                return rule;
            }
            return null;
        }
    }

    /// <summary>Drops expired and used-up rules (under the lock).</summary>
    private void Prune()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        _rules.RemoveAll(r => r.ExpiresAt <= now || r.Remaining <= 0);
        _any = _rules.Count > 0;
    }
}
