using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection of a load generator, as wrk's are: it sends a pre-encoded GET, reads the
/// response head to its blank line and the body by its Content-Length, and only then sends the next request (no
/// pipelining, so a latency is one request's). Far leaner than <see cref="HttpClient"/>, which matters when the
/// client shares the 2 cores with the server it measures.
/// </summary>
public sealed class HttpLoadConnection(EndPoint server) : IDisposable
{
    static readonly byte[] BlankLine = "\r\n\r\n"u8.ToArray();
    static readonly byte[] Ok = "HTTP/1.1 200 "u8.ToArray();
    static readonly byte[] ContentLength = "\r\ncontent-length:"u8.ToArray();
    static readonly byte[] CacheHit = "\r\nx-cache: hit\r\n"u8.ToArray();

    Socket? _socket;
    byte[] _buffer = new byte[16 * 1024];
    int _end;

    /// <summary>A connection to the server at <paramref name="server"/>'s IP address and port (a loopback URL such as Kestrel's).</summary>
    public HttpLoadConnection(Uri server) : this(new IPEndPoint(IPAddress.Parse(server.Host), server.Port))
    {
    }

    /// <summary>A GET of <paramref name="pathAndQuery"/> as it goes on the wire.</summary>
    public static byte[] Get(Uri server, string pathAndQuery) =>
        Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\n\r\n");

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole response. Ok: a 200 with a Content-Length body; anything
    /// else (another status, no Content-Length, a broken connection) is a failure, after which the next request
    /// opens a new connection. Hit: the response cache answered (<c>X-Cache: HIT</c>).
    /// </summary>
    public async ValueTask<(bool Ok, bool Hit)> SendAsync(byte[] request)
    {
        try
        {
            _socket ??= await Connect();
            await _socket.SendAsync(request, SocketFlags.None);
            int headLength;
            while ((headLength = _buffer.AsSpan(0, _end).IndexOf(BlankLine)) < 0) await ReceiveAsync();
            headLength += BlankLine.Length;
            var (ok, bodyLength, hit) = ReadHead(_buffer.AsSpan(0, headLength));
            if (!ok)
            {
                Close();
                return (false, hit);
            }
            while (_end < headLength + bodyLength) await ReceiveAsync();
            // One request in flight: nothing may follow the body.
            if (_end != headLength + bodyLength) throw new InvalidDataException("bytes after the response");
            _end = 0;
            return (true, hit);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            Close();
            return (false, false);
        }
    }

    async Task<Socket> Connect()
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return socket;
    }

    async ValueTask ReceiveAsync()
    {
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var received = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (received == 0) throw new IOException("the server closed the connection");
        _end += received;
    }

    /// <summary>Whether the status is 200 with a Content-Length (its value), and whether the response cache had it.</summary>
    static (bool Ok, int BodyLength, bool Hit) ReadHead(ReadOnlySpan<byte> head)
    {
        // Header names are case-insensitive; a copy in lower case is cheaper than a case-blind search.
        Span<byte> lower = head.Length <= 1024 ? stackalloc byte[head.Length] : new byte[head.Length];
        Ascii.ToLower(head, lower, out _);
        var hit = lower.IndexOf(CacheHit) >= 0;
        var at = lower.IndexOf(ContentLength);
        if (!head.StartsWith(Ok) || at < 0) return (false, 0, hit);
        var value = lower[(at + ContentLength.Length)..];
        value = value[..value.IndexOf("\r\n"u8)].Trim((byte)' ');
        return int.TryParse(value, out var length) && length >= 0 ? (true, length, hit) : (false, 0, hit);
    }

    void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _end = 0;
    }

    public void Dispose() => Close();
}
