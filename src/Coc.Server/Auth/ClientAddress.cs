using System.Net;

namespace Coc.Server.Auth;

/// <summary>The client address failures are counted under (the lockout and the sign-in throttle).</summary>
public static class ClientAddress
{
    /// <summary>IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d; one address, one key.</summary>
    public static string KeyOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
