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
        if (address.AddressFamily == AddressFamily.InterNetwork) return ContainsIPv4(address.GetAddressBytes());
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6Any) ||
            address.IsIPv6LinkLocal ||              // fe80::/10
            address.IsIPv6SiteLocal ||              // fec0::/10, deprecated but still private
            address.IsIPv6UniqueLocal ||            // fc00::/7
            address.IsIPv6Multicast)
        {
            return true;
        }
        // Addresses that carry an IPv4 address reach that address through a translator or tunnel: 64:ff9b::1.2.3.4 is 1.2.3.4.
        return EmbeddedIPv4(b).Any(ContainsIPv4) ||
               b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01; // 64:ff9b:1::/48, NAT64 for local use (RFC 8215)
    }

    static bool ContainsIPv4(byte[] b) => b[0] switch
    {
        0 or 10 or 127 => true,             // "this network" (0.0.0.0), private, loopback
        100 => b[1] is >= 64 and < 128,     // carrier-grade NAT 100.64/10
        169 => b[1] == 254,                 // link-local, cloud metadata
        172 => b[1] is >= 16 and < 32,
        192 => b[1] == 168,
        >= 224 => true,                     // multicast, reserved, broadcast
        _ => false,
    };

    /// <summary>The IPv4 addresses an IPv6 address embeds: IPv4-compatible (::/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16), Teredo (2001::/32).</summary>
    static IEnumerable<byte[]> EmbeddedIPv4(byte[] b)
    {
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) yield return b[12..16];
        if (b.AsSpan(0, 12).SequenceEqual(Nat64Prefix)) yield return b[12..16];
        if (b[0] == 0x20 && b[1] == 0x02) yield return b[2..6];
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            yield return b[4..8];                                           // the Teredo server
            yield return [.. b[12..16].Select(x => (byte)~x)];               // the client, stored inverted
        }
    }

    static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}

/// <summary>Thrown from the connect callback when every address of a host is refused.</summary>
sealed class PrivateAddressException(string host) : Exception($"{host} resolves only to private addresses");
