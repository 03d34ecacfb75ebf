using Coc.Core.Errors;

namespace Coc.Server.Wire;

/// <summary>The one writer of the API gateway's own body (APIGW.* codes: unknown API, too large, authentication, throttling).</summary>
public static class GatewayResults
{
    private const string Prefix = "APIGW.";

    public static bool IsGatewayCode(string code) => code.StartsWith(Prefix, StringComparison.Ordinal);

    public static Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return WireJsonWriter.WriteAsync(http.Response, new GatewayError(code, message, http.TraceIdentifier), WireJsonContext.Default.GatewayError);
    }

    /// <summary>A signature mismatch's 401 with what the server computed (never the secret).</summary>
    public static Task WriteSignatureDiagnosticAsync(HttpContext http, string message, string canonicalRequest, string stringToSign)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return WireJsonWriter.WriteAsync(http.Response,
            new SignatureDiagnosticError(CocErrors.UnauthorizedCode, message, http.TraceIdentifier, canonicalRequest, stringToSign),
            WireJsonContext.Default.SignatureDiagnosticError);
    }
}
