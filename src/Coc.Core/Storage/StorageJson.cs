using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Tickets;

namespace Coc.Core.Storage;

/// <summary>How ticket state and history changes are kept in the database's JSON columns.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(TicketChange))]
[JsonSerializable(typeof(string[]))]
public sealed partial class StorageJsonContext : JsonSerializerContext
{
    public static string Serialize(Ticket t) => JsonSerializer.Serialize(t, Default.Ticket);
    public static Ticket DeserializeTicket(string json) => JsonSerializer.Deserialize(json, Default.Ticket)!;
    public static string Serialize(TicketChange c) => JsonSerializer.Serialize(c, Default.TicketChange);
    public static TicketChange DeserializeChange(string json) => JsonSerializer.Deserialize(json, Default.TicketChange)!;
}
