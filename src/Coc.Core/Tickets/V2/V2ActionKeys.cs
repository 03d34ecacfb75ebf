namespace Coc.Core.Tickets.V2;

/// <summary>
/// The v2 action keys (v2.md, Actions) and their aliases: a row's v2 key, its v1 operate_key, and two spellings the
/// public docs use. Every key names exactly one operate_key.
/// </summary>
public static class V2ActionKeys
{
    private static readonly Dictionary<string, string> Spellings = new(StringComparer.Ordinal)
    {
        ["Reopen"] = "ReOpen", // Terraform's docs
        ["AddRemark"] = "addRemark", // the API definition's tasks example
    };

    /// <summary>The operate_key an action key runs, or null when the key is unknown.</summary>
    public static string? OperateKeyOf(string action)
    {
        var key = Spellings.GetValueOrDefault(action, action);
        return Workflow.V2Rules.FirstOrDefault(r => r.OperateKey == key || r.V2Actions.Contains(key))?.OperateKey;
    }

    /// <summary>Whether <paramref name="action"/> names the task operation <paramref name="operation"/>.</summary>
    public static bool Names(string action, TaskOperation operation) =>
        action == operation.Key || action == operation.Rule.OperateKey || Spellings.GetValueOrDefault(action) == operation.Key;
}
