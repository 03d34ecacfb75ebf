using Coc.Core.WarRooms;

namespace Coc.Core.Storage.WarRooms;

/// <summary>WarRoom records (warrooms.md). They are written in the transaction of the ticket change that starts or closes
/// them (<see cref="Tickets.SqlTicketStore"/>); this reads them.</summary>
public interface IWarRoomStore
{
    /// <summary>The project's WarRooms created within [<paramref name="from"/>, <paramref name="to"/>] (or with one of
    /// <paramref name="nums"/>, whenever created), newest first, each with its incident as it is now.</summary>
    Task<IReadOnlyList<WarRoom>> ListAsync(string project, IReadOnlyList<string>? nums, long from, long to, CancellationToken ct = default);
}
