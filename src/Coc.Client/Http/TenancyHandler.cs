namespace Coc.Client.Http;

/// <summary>Adds <c>X-Project-Id</c>, <c>X-Domain-Id</c> and <c>X-Security-Token</c> from the options (before signing, so they are signed).</summary>
public sealed class TenancyHandler(CocClientOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Add(request, "X-Project-Id", options.ProjectId);
        Add(request, "X-Domain-Id", options.DomainId);
        Add(request, "X-Security-Token", options.SecurityToken);
        return base.SendAsync(request, cancellationToken);
    }

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !request.Headers.Contains(name)) request.Headers.TryAddWithoutValidation(name, value);
    }
}
