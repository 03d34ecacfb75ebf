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
    public const string InternalCode = "GOM.00007299";
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
}
