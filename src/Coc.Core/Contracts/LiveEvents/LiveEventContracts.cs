using System.Text.Json.Serialization;

namespace Coc.Core.Contracts.LiveEvents;

/// <summary>The <c>data</c> of the stream's <c>event: reset</c>: why the client must reload rather than resume.</summary>
public sealed record StreamResetData([property: JsonPropertyName("reason")] string Reason);

[JsonSerializable(typeof(StreamResetData))]
public sealed partial class LiveEventJsonContext : JsonSerializerContext;
