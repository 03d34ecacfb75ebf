using Microsoft.AspNetCore.Hosting;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>The suite's server with more settings (after the suite's, so they win), e.g. <c>Coc:ControlPlane:AllowFaults</c>.</summary>
public class ConfiguredServer(bool emulator, params (string Key, string Value)[] settings) : CocServerFactory(emulator)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

/// <summary>Secure mode with fault injection and the clock enabled for coc:admin callers.</summary>
public sealed class SecureControlServer() : ConfiguredServer(false, ("Coc:ControlPlane:AllowFaults", "true"), ("Coc:ControlPlane:AllowClock", "true"));

/// <summary>Control plane calls over the wire, as an integrator's test suite makes them.</summary>
public static class Control
{
    public static Task<WireResponse> PostAsync(CocApi api, string path, string body = "{}") => api.PostAsync("/_coc" + path, body);

    public static async Task<System.Text.Json.JsonElement> OkAsync(Task<WireResponse> call)
    {
        var r = await call;
        Wire.AssertOk(r);
        return r.Data;
    }
}
