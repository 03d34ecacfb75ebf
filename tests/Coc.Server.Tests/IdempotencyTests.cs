using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>The Idempotency-Key header of create (api.md, Create) and of handle, with the same semantics.</summary>
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

    private Task<WireResponse> HandleWithKeyAsync(JsonObject body, string key) =>
        _api.PostAsync("/v1/external/incident/handle", body, [KeyValuePair.Create("Idempotency-Key", key)]);

    [Fact]
    public async Task Handle_with_the_same_key_and_body_twice_applies_once_and_answers_the_first_result()
    {
        var number = await _api.CreateAsync();
        var accept = Bodies.Handle(number, People.Alice, "acceptedIncident1");

        var first = await HandleWithKeyAsync(accept, "handle-key-1");
        var second = await HandleWithKeyAsync(accept, "handle-key-1");

        Wire.AssertOk(first);
        Wire.AssertOk(second);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
        Assert.Equal(2, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task Handle_with_the_same_key_and_another_body_is_400_and_changes_nothing()
    {
        var number = await _api.CreateAsync();
        Wire.AssertOk(await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "acceptedIncident1"), "handle-key-2"));

        var response = await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "commitSolution1", Bodies.Solution()), "handle-key-2");

        Wire.AssertInvalid(response, "Idempotency-Key");
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
        Assert.Equal(2, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task A_key_used_by_a_create_cannot_replay_a_handle()
    {
        var number = await _api.CreateAsync(Bodies.Create(), "shared-create-handle-key");

        var response = await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "acceptedIncident1"), "shared-create-handle-key");

        Wire.AssertInvalid(response, "Idempotency-Key");
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task A_handle_that_failed_with_a_4xx_is_not_remembered()
    {
        var number = await _api.CreateAsync();
        Wire.AssertError(await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "confirm", Bodies.Confirmation(true)), "handle-key-3"),
            System.Net.HttpStatusCode.Conflict, Wire.NotAllowed);

        Wire.AssertOk(await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "acceptedIncident1"), "handle-key-3"));

        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task Concurrent_duplicates_of_a_handle_apply_it_once_and_all_answer_its_result()
    {
        var number = await _api.CreateAsync();
        var accept = Bodies.Handle(number, People.Alice, "acceptedIncident1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => HandleWithKeyAsync(accept, "handle-key-race")));

        foreach (var answer in answers) Wire.AssertOk(answer);
        Assert.Equal(2, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task A_handle_key_over_255_characters_is_400()
    {
        var number = await _api.CreateAsync();
        Wire.AssertInvalid(await HandleWithKeyAsync(Bodies.Handle(number, People.Alice, "acceptedIncident1"), new string('k', 256)), "Idempotency-Key");
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
    }
}
