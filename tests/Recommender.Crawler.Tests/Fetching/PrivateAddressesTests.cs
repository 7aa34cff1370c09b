using System.Net;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Tests.Fetching;

public class PrivateAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.1.2")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]                 // IPv4-compatible
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]             // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::169.254.169.254")]
    [InlineData("64:ff9b::10.1.2.3")]
    [InlineData("64:ff9b:1::5db8:d822")]        // local-use NAT64, whatever it embeds
    [InlineData("2002:7f00:1::1")]              // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::")]            // 6to4 of 169.254.169.254
    [InlineData("2002:c0a8:0101::1")]           // 6to4 of 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")] // Teredo, client 127.0.0.1 (stored inverted)
    [InlineData("2001:0:0a00:0001::1")]         // Teredo, server 10.0.0.1
    public void Refuses_private_loopback_and_link_local_addresses(string address)
    {
        Assert.True(PrivateAddresses.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]            // NAT64 of 8.8.8.8
    [InlineData("2002:5db8:d822::1")]           // 6to4 of 93.184.216.34
    [InlineData("2001:0:4136:e378:8000:63bf:a247:27dd")] // Teredo, client and server public
    [InlineData("2001:db8::1")]
    public void Allows_public_addresses(string address)
    {
        Assert.False(PrivateAddresses.Contains(IPAddress.Parse(address)));
    }
}
