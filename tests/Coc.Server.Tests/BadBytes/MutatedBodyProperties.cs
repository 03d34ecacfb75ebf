using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coc.Server.Tests.BadBytes;

/// <summary>One byte-wise change to a valid body: where, what kind, and the byte it brings.</summary>
public sealed record ByteMutation(int Position, int Kind, byte Value)
{
    /// <summary>Bytes that break JSON or text in interesting ways: NUL, UTF-8 lead and continuation bytes, syntax.</summary>
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xED, 0xEF, 0xF4, 0xFF,
        (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)':', (byte)',', (byte)'-', (byte)'9', (byte)'e', (byte)'.', (byte)'u'];

    public byte[] Apply(byte[] body)
    {
        var at = Position % (body.Length + 1);
        return (Kind % 4) switch
        {
            0 => [.. body[..at], Value, .. body[at..]],                                            // insert
            1 when at < body.Length => [.. body[..at], Value, .. body[(at + 1)..]],                // replace
            2 when at < body.Length => [.. body[..at], .. body[(at + 1)..]],                       // delete
            _ => body[..at],                                                                        // truncate
        };
    }

    public static Arbitrary<ByteMutation[]> Mutations() =>
        (from position in Gen.Choose(0, 4096)
         from kind in Gen.Choose(0, 3)
         from value in Gen.OneOf(Gen.Elements(Interesting), ArbMap.Default.GeneratorFor<byte>())
         select new ByteMutation(position, kind, value))
            .ArrayOf().Where(m => m.Length is > 0 and <= 4)
            .ToArbitrary();
}

/// <summary>Valid create and handle bodies with a few bytes changed are never answered with a 5xx (hardening item 4).</summary>
public sealed class MutatedBodyProperties(BadBytesServer server) : IClassFixture<BadBytesServer>
{
    private readonly CocApi _api = server.Api();

    [Property(MaxTest = 150, Arbitrary = [typeof(MutatedBodyProperties)])]
    public bool A_mutated_create_body_is_never_a_5xx(ByteMutation[] mutations) => NeverA5xx(JsonEndpoints.Get("create"), mutations);

    [Property(MaxTest = 150, Arbitrary = [typeof(MutatedBodyProperties)])]
    public bool A_mutated_handle_body_is_never_a_5xx(ByteMutation[] mutations) => NeverA5xx(JsonEndpoints.Get("handle-solution"), mutations);

    public static Arbitrary<ByteMutation[]> Mutations() => ByteMutation.Mutations();

    private bool NeverA5xx(JsonEndpoint endpoint, ByteMutation[] mutations)
    {
        var body = mutations.Aggregate(endpoint.Body("IM0000000000000000000000"), (b, m) => m.Apply(b));
        var response = _api.SendAsync(HttpMethod.Post, endpoint.Path, CocApi.Raw(body)).GetAwaiter().GetResult();
        if ((int)response.Status >= 500) return false;
        // Whatever the answer, it is a wire body with both keys the SDK reads.
        return response.Status == HttpStatusCode.OK
            || response.Json.ValueKind == System.Text.Json.JsonValueKind.Object && response.Json.TryGetProperty("error_code", out _)
            && response.Json.TryGetProperty("error_msg", out _);
    }
}
