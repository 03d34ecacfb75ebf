using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Coc.Core.Reference;
using Coc.Core.Storage.Outbox;

namespace Coc.Core.Alarms;

/// <summary>The outbox event of an alarm change (outbound.md, Events): its <c>data.alarm</c> is the alarm object of
/// alarms.md as the change left it, rendered now, because the alarm row keeps only its latest state. The order key is
/// the alarm id, so a subscription gets one alarm's events in the order they happened.</summary>
public static class AlarmEvents
{
    // The escaping of the alarm API's answers, so that data.alarm has the bytes a GET of the alarm has.
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static OutboxEvent Of(string type, Alarm alarm, PeopleDirectory directory, long at) =>
        new(OutboxEvent.NewId(), type, alarm.Project, at, Data: Data(alarm, directory), OrderKey: alarm.Id);

    private static string Data(Alarm alarm, PeopleDirectory directory)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, Writer))
            JsonSerializer.Serialize(w, new AlarmEventData(AlarmInfo.Of(alarm, directory)), AlarmWireJson.Default.AlarmEventData);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
