using System.Net;
using System.Net.Sockets;

namespace Coc.Core.Webhooks;

/// <summary>
/// Where deliveries may go (outbound.md, Subscriptions): absolute http(s) URLs of at most 2048 characters, and, unless
/// private targets are allowed, no loopback, private, link-local or otherwise internal address, so that the service
/// cannot be used to reach what only it can reach. Checked on the URL when a subscription is saved, and on every
/// address a name resolves to when a delivery connects.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2048;

    private static readonly IPNetwork[] Internal =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("64:ff9b::/96"),
    ];

    /// <summary>Loopback, private, link-local, carrier-grade NAT, multicast, unspecified (and IPv4 mapped into IPv6).</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return Internal.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    /// <summary>The URL, or an <see cref="ArgumentException"/> saying what is wrong with it (without echoing more than the URL).</summary>
    public static Uri Parse(string url, bool allowPrivate)
    {
        if (url.Length is 0 or > MaxUrlLength) throw new ArgumentException($"url must be 1 to {MaxUrlLength} characters");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new ArgumentException("url must be an absolute http or https URL");
        if (uri.UserInfo.Length > 0) throw new ArgumentException("url must not carry a user name or password");
        if (!allowPrivate && RefusedHost(uri) is { } why) throw new ArgumentException($"url must not point at {why}");
        return uri;
    }

    /// <summary>Also resolves the name (when it resolves now): a name that leads to an internal address is refused as
    /// its address would be. A name that does not resolve yet is accepted; deliveries check it when they connect.</summary>
    public static async Task<Uri> ParseAndResolveAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        var uri = Parse(url, allowPrivate);
        if (allowPrivate || uri.HostNameType != UriHostNameType.Dns) return uri;
        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return uri;
        }
        if (addresses.Any(IsInternal)) throw new ArgumentException("url must not point at a loopback, private or link-local address");
        return uri;
    }

    private static string? RefusedHost(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return "a loopback address";
        if (IPAddress.TryParse(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host, out var ip) && IsInternal(ip))
            return "a loopback, private or link-local address";
        return null;
    }
}
