using Dapper;

namespace Coc.Core.Storage.Attachments;

/// <summary>Attachment rows and their bytes in SQL. A file uploaded to a ticket is linked in the same write, and
/// <paramref name="linked"/> (the ticket cache, when there is one) hears of it once the write is over.</summary>
public sealed class SqlAttachmentStore(Database database, ITicketChanges? linked = null) : IAttachmentStore
{
    public async Task SaveAttachmentAsync(AttachmentInfo info, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        try
        {
            await database.WriteAsync(async (c, tx) =>
            {
                if (info.TicketNumber is not null)
                    await AttachmentRows.CheckRoomAsync(c, tx, info.Project, info.TicketNumber, 1);
                await c.ExecuteAsync(
                    """
                    INSERT INTO attachments (doc_id, project, number, doc_name, content_type, size, uploaded_at)
                    VALUES (@DocId, @Project, @TicketNumber, @DocName, @ContentType, @Size, @UploadedAt)
                    """, info, tx);
                await c.ExecuteAsync("INSERT INTO attachment_content (doc_id, content) VALUES (@docId, @content)",
                    new { docId = info.DocId, content = content.ToArray() }, tx);
                return true;
            }, ct);
        }
        finally
        {
            if (info.TicketNumber is { } number) linked?.Changed(info.Project, number);
        }
    }

    public Task<AttachmentInfo?> FindAttachmentAsync(string project, string docId, CancellationToken ct = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<AttachmentInfo?>(
            $"{AttachmentRows.Select} WHERE doc_id = @docId AND project = @project", new { docId, project }), ct);

    public Task<byte[]?> ReadAttachmentAsync(string project, string docId, CancellationToken ct = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<byte[]?>(
            """
            SELECT ac.content FROM attachment_content ac JOIN attachments a ON a.doc_id = ac.doc_id
            WHERE a.doc_id = @docId AND a.project = @project
            """, new { docId, project }), ct);

    public Task<IReadOnlyList<AttachmentInfo>> AttachmentsOfAsync(string project, string number, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<AttachmentInfo>>(async c =>
            (await c.QueryAsync<AttachmentInfo>(AttachmentRows.OfTicket, new { project, number })).ToList(), ct);

    public Task<int> PurgeUnlinkedAsync(long uploadedBefore, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) =>
        {
            const string stale = "SELECT doc_id FROM attachments WHERE number IS NULL AND uploaded_at < @uploadedBefore";
            await c.ExecuteAsync($"DELETE FROM attachment_content WHERE doc_id IN ({stale})", new { uploadedBefore }, tx);
            return await c.ExecuteAsync("DELETE FROM attachments WHERE number IS NULL AND uploaded_at < @uploadedBefore",
                new { uploadedBefore }, tx);
        }, ct);
}

/// <summary>Told when a write outside the ticket store changed what a ticket read returns (its attachment list).</summary>
public interface ITicketChanges
{
    void Changed(string project, string number);
}
