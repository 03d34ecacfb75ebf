namespace Coc.Core.Storage;

public sealed record AttachmentInfo(
    string DocId, string Project, string? TicketNumber, string DocName, string ContentType, long Size, long UploadedAt);

/// <summary>Attachment bytes live apart from ticket rows; links to tickets are made with the operation that makes them.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores a file; when it names a ticket, links it in the same transaction (at most
    /// <see cref="Core.Attachments.AttachmentRules.MaxPerTicket"/> a ticket).</summary>
    Task SaveAttachmentAsync(AttachmentInfo info, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    Task<AttachmentInfo?> FindAttachmentAsync(string project, string docId, CancellationToken ct = default);

    Task<byte[]?> ReadAttachmentAsync(string project, string docId, CancellationToken ct = default);

    /// <summary>Removes files never linked to a ticket that were uploaded before <paramref name="uploadedBefore"/>.</summary>
    Task<int> PurgeUnlinkedAsync(long uploadedBefore, CancellationToken ct = default);
}
