using System.Text;
using System.Text.Json;

namespace Coc.Testing.Support.Monitoring;

/// <summary>One request a <see cref="LoopbackReceiver"/> got: headers as they arrived, the body byte for byte.</summary>
public sealed record ReceivedRequest(DateTimeOffset At, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON (dispose it).</summary>
    public JsonDocument Json() => JsonDocument.Parse(Body);

    public string? Header(string name) =>
        Headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
