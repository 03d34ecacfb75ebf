using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Alarms;

namespace Coc.Core.Storage.Alarms;

/// <summary>How alarms, their handle entries and transfer rules are kept in JSON columns.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Alarm))]
[JsonSerializable(typeof(AlarmHandleEntry))]
[JsonSerializable(typeof(TransferRule))]
internal sealed partial class AlarmStorageJson : JsonSerializerContext
{
    public static string Serialize(Alarm a) => JsonSerializer.Serialize(a, Default.Alarm);
    public static Alarm DeserializeAlarm(string json) => JsonSerializer.Deserialize(json, Default.Alarm)!;
    public static string Serialize(AlarmHandleEntry e) => JsonSerializer.Serialize(e, Default.AlarmHandleEntry);
    public static AlarmHandleEntry DeserializeEntry(string json) => JsonSerializer.Deserialize(json, Default.AlarmHandleEntry)!;
    public static string Serialize(TransferRule r) => JsonSerializer.Serialize(r, Default.TransferRule);
    public static TransferRule DeserializeRule(string json) => JsonSerializer.Deserialize(json, Default.TransferRule)!;
}
