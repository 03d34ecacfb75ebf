using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>The Idempotency-Key header of create (api.md, Create).</summary>
public sealed class IdempotencyTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    [Fact]
    public async Task The_same_key_and_body_twice_return_the_first_ticket()
    {
        var first = await _api.CreateAsync(Bodies.Create(), "key-1");
        var second = await _api.CreateAsync(Bodies.Create(), "key-1");

        Assert.Equal(first, second);
        Assert.Equal(1, await _api.TotalAsync());
        Assert.Single((await _api.HistoryAsync(first)).EnumerateArray());
    }

    [Fact]
    public async Task Bodies_are_compared_by_their_canonical_json()
    {
        var first = await _api.CreateAsync(Bodies.Create(), "key-canonical");
        var reordered = new JsonObject(Bodies.Create().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var spaced = "\n{ " + string.Join(" ,\n  ", reordered.Select(p => $"\"{p.Key}\" :  {p.Value!.ToJsonString()}")) + " }\n";

        var again = await _api.PostAsync("/v1/external/incident/create", spaced, CocApi.SdkJson, [KeyValuePair.Create("Idempotency-Key", "key-canonical")]);

        Wire.AssertOk(again);
        Assert.Equal(first, again.Data.Str("incident_num"));
        Assert.Equal(1, await _api.TotalAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_400_and_creates_nothing()
    {
        await _api.CreateAsync(Bodies.Create("first"), "key-2");

        var response = await _api.TryCreateAsync(Bodies.Create("second"), "key-2");

        Wire.AssertInvalid(response, "Idempotency-Key");
        Assert.Equal(1, await _api.TotalAsync());
    }

    [Fact]
    public async Task Different_keys_make_different_tickets()
    {
        var a = await _api.CreateAsync(Bodies.Create(), "key-a");
        var b = await _api.CreateAsync(Bodies.Create(), "key-b");
        var c = await _api.CreateAsync(Bodies.Create());

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        Assert.Equal(3, await _api.TotalAsync());
    }

    [Fact]
    public async Task Keys_are_per_project()
    {
        var other = server.Api();

        var mine = await _api.CreateAsync(Bodies.Create(), "shared-key");
        var theirs = await other.CreateAsync(Bodies.Create(), "shared-key");

        Assert.NotEqual(mine, theirs);
        Assert.Equal(1, await other.TotalAsync());
        Wire.AssertOk(await other.DetailsAsync(theirs));
    }

    [Fact]
    public async Task A_request_that_failed_with_a_4xx_is_not_remembered()
    {
        Wire.AssertInvalid(await _api.TryCreateAsync(Bodies.Create(creator: "nobody-known"), "key-after-failure"));

        var number = await _api.CreateAsync(Bodies.Create(), "key-after-failure");

        Assert.Equal(1, await _api.TotalAsync());
        Wire.AssertOk(await _api.DetailsAsync(number));
    }

    [Fact]
    public async Task A_key_over_255_characters_is_400()
    {
        Wire.AssertInvalid(await _api.TryCreateAsync(Bodies.Create(), new string('k', 256)), "Idempotency-Key");
        Assert.Equal(0, await _api.TotalAsync());
    }
}
