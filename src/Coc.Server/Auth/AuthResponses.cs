using System.Text.Json.Serialization;
using Coc.Core.Errors;
using Coc.Server.Hosting;

namespace Coc.Server.Auth;

/// <summary>A 401 from signature verification, with what the server computed — never the secret.</summary>
public sealed record SignatureDiagnosticError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("canonical_request")] string CanonicalRequest,
    [property: JsonPropertyName("string_to_sign")] string StringToSign);

public static class AuthResponses
{
    /// <summary>401 in the gateway's body (APIGW.0301); 403 in the COC envelope (GOM.00007262).</summary>
    public static Task WriteAsync(HttpContext http, AuthProblem problem)
    {
        if (problem is { Status: 401, CanonicalRequest: { } canonical, StringToSign: { } stringToSign })
            return GatewayResults.WriteSignatureDiagnosticAsync(http, problem.Message, canonical, stringToSign);
        return problem.Status == 401
            ? GatewayResults.WriteAsync(http, 401, CocErrors.UnauthorizedCode, problem.Message)
            : WireResults.WriteErrorAsync(http, 403, CocErrors.ForbiddenCode, problem.Message);
    }
}
