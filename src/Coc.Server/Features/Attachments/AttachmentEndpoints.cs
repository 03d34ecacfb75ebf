using System.Security.Cryptography;
using Coc.Core.Attachments;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Attachments;

public static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapAttachments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/external/incident/attachments").WithTags("Attachments");

        group.MapPost("", Upload)
            .RequirePermission(Permissions.TicketUpload).WithName("UploadAttachment").WithSummary("Upload one file (multipart field `file`; optional `incident_num`)")
            .WithMetadata(AttachmentErrorKeys.Instance).DisableAntiforgery().AcceptUnsignedPayload();

        group.MapGet("/{doc_id}", Download)
            .RequirePermission(Permissions.TicketGet).WithName("DownloadAttachment").WithSummary("The bytes of an uploaded file");
        return app;
    }

    private static async Task<IResult> Upload(HttpContext http, TicketService tickets, IAttachmentStore store)
    {
        var form = await MultipartForm.ReadAsync(http.Request, http.RequestAborted);
        var file = form.Files.GetFile("file") ?? throw CocErrors.Required("file");
        if (file.Length > AttachmentRules.MaxFileBytes)
            throw CocErrors.TooLarge($"file is larger than {AttachmentRules.MaxFileBytes / (1024 * 1024)} MB");
        if (file.Length == 0) throw CocErrors.Invalid("file is empty");
        var name = Path.GetFileName(file.FileName);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255) throw CocErrors.Invalid("file name must be 1 to 255 characters");
        if (name.Any(char.IsControl)) throw CocErrors.Invalid("file name must not contain control characters");

        var content = new byte[file.Length];
        await using (var s = file.OpenReadStream()) await s.ReadExactlyAsync(content, http.RequestAborted);
        var (contentType, error) = FileTypes.Check(name, content);
        if (error is not null) throw CocErrors.Invalid(error);

        var project = Caller.Of(http).Project;
        var number = form["incident_num"].ToString();
        // The form reader decodes parts leniently: invalid UTF-8 arrives as U+FFFD, a lone surrogate too.
        if (number.Any(c => c == '\uFFFD' || char.IsControl(c) || char.IsSurrogate(c)))
            throw CocErrors.Invalid("incident_num must be valid UTF-8 text without control characters");
        if (number.Length > 0) await tickets.GetAsync(project, number, http.RequestAborted);

        var docId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var info = new AttachmentInfo(docId, project, number.Length > 0 ? number : null, name, contentType!, content.Length, tickets.Now);
        await store.SaveAttachmentAsync(info, content, http.RequestAborted);
        var data = new AttachmentData(docId, name);
        return WireResults.OkAttachment(data);
    }

    private static async Task<IResult> Download(string doc_id, HttpContext http, IAttachmentStore store)
    {
        var project = Caller.Of(http).Project;
        var info = await store.FindAttachmentAsync(project, doc_id, http.RequestAborted)
            ?? throw CocErrors.Invalid($"attachment {doc_id} does not exist");
        var bytes = await store.ReadAttachmentAsync(project, doc_id, http.RequestAborted)
            ?? throw CocErrors.Invalid($"attachment {doc_id} does not exist");
        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.DownloadPolicy;
        return TypedResults.File(bytes, info.ContentType, info.DocName);
    }
}
