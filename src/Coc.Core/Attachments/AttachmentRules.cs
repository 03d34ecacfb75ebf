namespace Coc.Core.Attachments;

public static class AttachmentRules
{
    public const int MaxPerTicket = 10;
    public const int MaxFileBytes = 10 * 1024 * 1024;
}
