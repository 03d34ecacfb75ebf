using Coc.Core.Errors;
using Coc.Server.Wire;

namespace Coc.Server.Auth;

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
