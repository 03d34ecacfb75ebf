using System.Text.Json.Serialization;

namespace Coc.Core.Contracts.Wire;

/// <summary>
/// Source-generated JSON for the envelope and error bodies every endpoint shares (each feature has its own context
/// for its answers); nulls are written (the SDK expects every documented key). Bodies are written by <c>Coc.Server.Wire.WireJsonWriter</c>, whose encoder keeps non-ASCII text as UTF-8.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<object>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(GatewayError))]
[JsonSerializable(typeof(AttachmentEnvelope))]
[JsonSerializable(typeof(SignatureDiagnosticError))]
public sealed partial class WireJsonContext : JsonSerializerContext;
