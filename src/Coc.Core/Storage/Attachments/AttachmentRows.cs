using System.Data.Common;
using Coc.Core.Attachments;
using Coc.Core.Errors;
using Dapper;

namespace Coc.Core.Storage.Attachments;

/// <summary>The attachment SQL the ticket store needs too: it reads a ticket's files and links them in its writes.</summary>
internal static class AttachmentRows
{
    public const string Select =
        "SELECT doc_id AS DocId, project AS Project, number AS TicketNumber, doc_name AS DocName, content_type AS ContentType, size AS Size, uploaded_at AS UploadedAt FROM attachments";

    public const string OfTicket = Select + " WHERE project = @project AND number = @number ORDER BY uploaded_at, doc_id";

    public static async Task CheckRoomAsync(DbConnection c, DbTransaction tx, string project, string number, int adding)
    {
        var count = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM attachments WHERE project = @project AND number = @number", new { project, number }, tx);
        if (count + adding > AttachmentRules.MaxPerTicket)
            throw CocErrors.Invalid($"an incident ticket has at most {AttachmentRules.MaxPerTicket} attachments; {number} has {count}");
    }
}
