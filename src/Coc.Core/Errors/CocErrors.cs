namespace Coc.Core.Errors;

/// <summary>The one catalogue of wire errors: HTTP status, error code and message shape (api.md, Errors).</summary>
public static class CocErrors
{
    public const string Success = "GOM.00000000";
    public const string InvalidParameterCode = "GOM.00007256";
    public const string TicketNotFoundCode = "COC.00067003";
    public const string NotAllowedCode = "GOM.00007258";
    public const string ConcurrentUpdateCode = "GOM.00007259";
    public const string ForbiddenCode = "GOM.00007262";
    public const string IntegrationKeyCode = "GOM.00007263";
    public const string AlarmNotFoundCode = "GOM.00007264";
    public const string InternalCode = "GOM.00007299";
    public const string OutcomeUnknownCode = "GOM.00007298";
    public const string StorageFullCode = "GOM.00007507";
    public const string NoSuchApiCode = "APIGW.0101";
    public const string TooLargeCode = "APIGW.0201";
    public const string UnauthorizedCode = "APIGW.0301";
    public const string ThrottledCode = "APIGW.0308";

    public static CocException Invalid(string message) => new(400, InvalidParameterCode, message);
    public static CocException Required(string field) => Invalid($"{field} is required");
    public static CocException InvalidValue(string field, string value) => Invalid($"The field[{field}] value[{value}] invalid");
    public static CocException TicketNotFound(string number) => new(400, TicketNotFoundCode, $"incident ticket {number} does not exist");
    public static CocException NotAllowed(string message) => new(409, NotAllowedCode, message);
    public static CocException ConcurrentUpdate(string number) =>
        new(409, ConcurrentUpdateCode, $"incident ticket {number} was changed by a concurrent request; retry");
    public static CocException TooLarge(string message) => new(413, TooLargeCode, message);
    public static CocException Forbidden(string message) => new(403, ForbiddenCode, message);

    /// <summary>One answer for an integration key that is unknown, malformed or disabled (alarms.md).</summary>
    public static CocException IntegrationKeyRefused() =>
        new(401, IntegrationKeyCode, "The integration key is unknown, malformed or disabled");

    public static CocException AlarmNotFound(string id) => new(400, AlarmNotFoundCode, $"alarm {id} does not exist");

    /// <summary>The database is out of space: nothing was changed; reads still work.</summary>
    public static CocException StorageFull() => new(507, StorageFullCode,
        "The storage is full: nothing was changed. Reads still work; writes resume once space is freed", retryAfterSeconds: 60);

    /// <summary>The database went away before the write was committed: nothing was changed, retrying is safe.</summary>
    public static CocException NotApplied() => new(503, InternalCode,
        "The database is unavailable: nothing was changed; retry", retryAfterSeconds: 1);

    /// <summary>The connection died while the commit was under way and the server could not find out whether it
    /// landed: the change may or may not be applied. Retry with the same Idempotency-Key, or read the ticket first.</summary>
    public static CocException OutcomeUnknown() => new(503, OutcomeUnknownCode,
        "The database connection was lost during the commit: the change may or may not have been applied. "
        + "Retry with the same Idempotency-Key, or read the ticket before retrying", retryAfterSeconds: 1);
}
