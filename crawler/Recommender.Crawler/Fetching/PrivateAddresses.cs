using System.Net;
using System.Net.Sockets;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// Addresses the crawler must not reach unless private networks are allowed: a page URL
/// chosen by whoever posts pageviews must not make the server probe its own network (SSRF).
/// </summary>
public static class PrivateAddresses
{
    public static bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,             // "this network" (0.0.0.0), private, loopback
                100 => b[1] is >= 64 and < 128,     // carrier-grade NAT 100.64/10
                169 => b[1] == 254,                 // link-local, cloud metadata
                172 => b[1] is >= 16 and < 32,
                192 => b[1] == 168,
                >= 224 => true,                     // multicast, reserved, broadcast
                _ => false,
            };
        }
        return address.Equals(IPAddress.IPv6Loopback) ||
               address.Equals(IPAddress.IPv6Any) ||
               address.IsIPv6LinkLocal ||           // fe80::/10
               address.IsIPv6SiteLocal ||           // fec0::/10, deprecated but still private
               address.IsIPv6UniqueLocal ||         // fc00::/7
               address.IsIPv6Multicast;
    }
}

/// <summary>Thrown from the connect callback when every address of a host is refused.</summary>
sealed class PrivateAddressException(string host) : Exception($"{host} resolves only to private addresses");
