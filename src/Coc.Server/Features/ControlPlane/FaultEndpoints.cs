using System.Text.Json;
using System.Text.RegularExpressions;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>/_coc/faults</c>: add, list, read and remove fault injection rules (control.md).</summary>
public static partial class FaultEndpoints
{
    public const long MaxLatencyMs = 60_000;
    public const int MaxPath = 1024;

    public static RouteGroupBuilder MapFaults(this RouteGroupBuilder group, ServerOptions options)
    {
        var faults = group.MapGroup("/faults").RequireEnabledInSecureMode(options, o => o.AllowFaults, nameof(ControlPlaneOptions.AllowFaults));
        faults.MapPost("", Add).WithName("ControlAddFault").WithSummary("Add a rule: matching requests are delayed and/or answered with its status and code");
        faults.MapGet("", List).WithName("ControlListFaults").WithSummary("The live rules, in the order they are tried");
        faults.MapDelete("", Clear).WithName("ControlClearFaults").WithSummary("Remove every rule");
        faults.MapGet("/{id}", Get).WithName("ControlGetFault").WithSummary("One rule, with its hits and what is left of its count");
        faults.MapDelete("/{id}", Remove).WithName("ControlRemoveFault").WithSummary("Remove one rule");
        return group;
    }

    [GeneratedRegex("^[A-Z]{2,10}\\.[0-9A-Za-z]{1,16}$")]
    private static partial Regex ErrorCodePattern();

    [GeneratedRegex("^[A-Za-z]{1,16}$")]
    private static partial Regex MethodPattern();

    private static async Task<IResult> Add(HttpContext http, FaultRegistry faults, TimeProvider clock)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var root = body.RootElement;
        var f = new JsonFields(root);
        var method = f.OptionalString("method", 16);
        if (method is not null && !MethodPattern().IsMatch(method)) throw CocErrors.Invalid("method must be an HTTP method such as POST");
        var path = f.OptionalString("path", MaxPath);
        if (path is not null && !path.StartsWith('/')) throw CocErrors.Invalid("path must start with / (a trailing * matches a prefix)");
        var operateKey = f.OptionalString("operate_key", 64);
        var probability = Probability(root);
        var latency = f.OptionalInteger("latency_ms", 0, MaxLatencyMs);
        var status = f.OptionalInteger("status", 400, 599);
        var code = f.OptionalString("error_code", 32);
        if (code is not null && !ErrorCodePattern().IsMatch(code)) throw CocErrors.Invalid("error_code must look like GOM.00007299 or APIGW.0308");
        if (code is not null && status is null) throw CocErrors.Invalid("status is required with error_code");
        var message = f.OptionalString("error_msg", 512);
        if (status is null && latency is not > 0) throw CocErrors.Invalid("give status (an answer) or latency_ms (a delay), or both");
        var count = f.OptionalInteger("count", 1, 1_000_000_000);
        var expiresIn = f.OptionalInteger("expires_in_ms", 1, ClockEndpoints.MaxAdvanceMs);
        var rule = new FaultRule
        {
            Id = "flt-" + Guid.NewGuid().ToString("N")[..12],
            Method = method?.ToUpperInvariant(), Path = path, OperateKey = operateKey, Probability = probability, LatencyMs = latency,
            Status = (int?)status, ErrorCode = code ?? (status is { } s ? FaultRule.DefaultCode((int)s) : null), ErrorMsg = message,
            ExpiresInMs = expiresIn, ExpiresAt = expiresIn is { } e ? clock.GetUtcNow().ToUnixTimeMilliseconds() + e : null,
            Remaining = count,
        };
        return Answer(faults.Add(rule));
    }

    private static double Probability(JsonElement root)
    {
        if (!root.TryGetProperty("probability", out var p) || p.ValueKind == JsonValueKind.Null) return 1;
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out var value) || value is < 0 or > 1 || double.IsNaN(value))
            throw CocErrors.Invalid("probability must be a number from 0 to 1");
        return value;
    }

    private static IResult List(FaultRegistry faults) =>
        WireResults.Ok(new FaultListData(faults.List().Select(r => r.ToData()).ToList()), ControlPlaneJsonContext.Default.EnvelopeFaultListData);

    private static IResult Clear(FaultRegistry faults)
    {
        faults.Clear();
        return WireResults.OkNoData();
    }

    private static IResult Get(string id, FaultRegistry faults) => Answer(faults.Find(id) ?? throw NotFound(id));

    private static IResult Remove(string id, FaultRegistry faults)
    {
        if (!faults.Remove(id)) throw NotFound(id);
        return WireResults.OkNoData();
    }

    private static CocException NotFound(string id) => new(404, CocErrors.InvalidParameterCode, $"fault rule {id} does not exist");

    private static IResult Answer(FaultRule rule) => WireResults.Ok(rule.ToData(), ControlPlaneJsonContext.Default.EnvelopeFaultRuleData);
}
