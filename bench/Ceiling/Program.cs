using System.Text.Json.Serialization;

// A minimal API returning a small JSON object: the ceiling any endpoint of the service is compared with (and, with
// POST /hook, a fast loopback webhook receiver).
// Same host shape as the server (slim builder, Kestrel, no Server header, source-generated JSON, no request logging).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CeilingJson.Default));

var app = builder.Build();
app.MapGet("/", () => TypedResults.Json(new Hello("049", "GOM.00000000", "Hello, World!"), CeilingJson.Default.Hello));
app.MapGet("/readyz", () => TypedResults.Json(new Hello("049", "GOM.00000000", "ready"), CeilingJson.Default.Hello));
// The webhook receiver of the benchmark's subscription phases: answers every delivery 204 at once and counts them.
app.MapPost("/hook", () =>
{
    Interlocked.Increment(ref Receiver.Deliveries);
    return TypedResults.NoContent();
});
app.MapGet("/hook/count", () => TypedResults.Text(Interlocked.Read(ref Receiver.Deliveries).ToString(System.Globalization.CultureInfo.InvariantCulture)));
app.Run();

internal static class Receiver
{
    public static long Deliveries;
}

internal sealed record Hello(
    [property: JsonPropertyName("provider_code")] string ProviderCode,
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(Hello))]
internal sealed partial class CeilingJson : JsonSerializerContext;
