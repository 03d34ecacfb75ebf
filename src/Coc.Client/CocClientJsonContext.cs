using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coc.Client;

/// <summary>Source-generated JSON for what the client writes (request bodies; nulls left out) and the few answers
/// no server context covers. Answers are read with the server's own contexts (Coc.Core.Contracts).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateIncidentRequest))]
[JsonSerializable(typeof(HandleIncidentRequest))]
[JsonSerializable(typeof(ListHistoriesRequest))]
[JsonSerializable(typeof(ListIncidentsV2Request))]
[JsonSerializable(typeof(IncidentActionRequest))]
[JsonSerializable(typeof(IncidentHistoriesV2Request))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Envelope<JsonElement>))]
[JsonSerializable(typeof(FaultRuleData))]
[JsonSerializable(typeof(SnapshotRequest))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(ResetRequest))]
internal sealed partial class CocClientJsonContext : JsonSerializerContext;
