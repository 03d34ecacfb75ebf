using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Coc.Client;

// WarRooms (warrooms.md).
public sealed partial class CocClient
{
    /// <summary>Starts a WarRoom for an incident (the body of warrooms.md, Create); returns its <c>war_room_num</c>.</summary>
    public async Task<string> CreateWarRoomAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, "/v1/external/warrooms", Json(request, CocClientJsonContext.Default.JsonObject),
            WarRoomJsonContext.Default.EnvelopeString, cancellationToken).ConfigureAwait(false))!;

    /// <summary>One page: <paramref name="filter"/> holds the list's filters (warrooms.md, List); offset and limit are set here.</summary>
    public async Task<WarRoomListData> ListWarRoomsAsync(long offset = 0, int limit = 100, JsonObject? filter = null, CancellationToken cancellationToken = default)
    {
        var body = filter?.DeepClone().AsObject() ?? [];
        body["offset"] = offset;
        body["limit"] = limit;
        return (await SendAsync(HttpMethod.Post, "/v1/external/warrooms/list", Json(body, CocClientJsonContext.Default.JsonObject),
            WarRoomJsonContext.Default.EnvelopeWarRoomListData, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Every WarRoom the filter matches, newest first, page after page.</summary>
    public async IAsyncEnumerable<WarRoomData> ListAllWarRoomsAsync(
        JsonObject? filter = null, int pageSize = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long offset = 0; ;)
        {
            var page = await ListWarRoomsAsync(offset, pageSize, filter, cancellationToken).ConfigureAwait(false);
            foreach (var room in page.List) yield return room;
            if (page.List.Count < pageSize) yield break;
            offset += page.List.Count;
        }
    }
}
