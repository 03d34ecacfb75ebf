using Coc.Core.Alarms;

namespace Coc.Core.Storage.Alarms;

/// <summary>
/// Alarms parsed from their stored JSON, remembered by id with the exact text they came from. A converging payload
/// reads back the states the payload before it wrote, so most reads find their text here and skip the parse (on a
/// 50-alert converging payload the parse was about 13% of the single writer's time). Only an identical text is a hit,
/// so a write that rolled back or another instance's write is simply a miss: an entry can never stand for a state
/// other than the one read. Bounded: past <see cref="Capacity"/> entries it starts again empty.
/// </summary>
internal sealed class AlarmStates
{
    public const int Capacity = 4_096;
    // A lock, not a ConcurrentDictionary: its Count takes every lock, and the SQLite writer is one thread anyway.
    private readonly Dictionary<string, (string State, Alarm Alarm)> _byId = new(StringComparer.Ordinal);

    public Alarm Parse(string id, string state)
    {
        lock (_byId)
            if (_byId.TryGetValue(id, out var known) && string.Equals(known.State, state, StringComparison.Ordinal)) return known.Alarm;
        var alarm = AlarmStorageJson.DeserializeAlarm(state);
        Remember(id, state, alarm);
        return alarm;
    }

    /// <summary>The state a write is storing for <paramref name="alarm"/>: <paramref name="state"/> is its serialization,
    /// and a parse of it gives back an equal alarm (the payload's own later alerts already use the object as it is).</summary>
    public void Remember(string id, string state, Alarm alarm)
    {
        lock (_byId)
        {
            if (_byId.Count >= Capacity) _byId.Clear();
            _byId[id] = (state, alarm);
        }
    }
}
