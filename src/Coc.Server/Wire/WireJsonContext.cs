using System.Text.Json.Serialization;
using Coc.Server.Contracts;

namespace Coc.Server.Wire;

/// <summary>
/// Source-generated JSON for every wire type; nulls are written (the SDK expects every documented key). Bodies are
/// written by <see cref="WireJsonWriter"/>, whose encoder keeps non-ASCII text as UTF-8.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<CreateIncidentData>))]
[JsonSerializable(typeof(Envelope<IncidentDetails>))]
[JsonSerializable(typeof(Envelope<IncidentListData>))]
[JsonSerializable(typeof(Envelope<HistoryListData>))]
[JsonSerializable(typeof(Envelope<object>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(GatewayError))]
[JsonSerializable(typeof(AttachmentEnvelope))]
[JsonSerializable(typeof(HealthData))]
[JsonSerializable(typeof(ReadinessData))]
[JsonSerializable(typeof(SignatureDiagnosticError))]
public sealed partial class WireJsonContext : JsonSerializerContext;
