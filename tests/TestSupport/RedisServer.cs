using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.Tests;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on a free loopback port, with a data folder of its own. It can be
/// killed (as a crash would) and started again on the same port and data, to test what survives and what heals.
/// scripts/test installs redis-server where it is missing.
/// </summary>
public sealed class RedisServer : IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    readonly bool _appendOnly;
    readonly string _directory = Directory.CreateTempSubdirectory("redis-").FullName;
    Process? _process;

    RedisServer(int port, bool appendOnly)
    {
        Port = port;
        _appendOnly = appendOnly;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <param name="appendOnly">
    /// Persists every write in an append-only file with <c>appendfsync always</c>, so whatever the server acknowledged
    /// survives <see cref="Kill"/> and <see cref="Start"/>. With the default <c>everysec</c> Redis may reply before it
    /// writes: while its background fsync of the file is still running (a slow disk, a loaded CI machine) it holds
    /// writes back for up to 2 s, and a kill then loses them.
    /// </param>
    public static RedisServer Start(bool appendOnly = false)
    {
        var server = new RedisServer(FreePort(), appendOnly);
        server.Start();
        return server;
    }

    /// <summary>Starts the server (again) on its port and data folder, and returns once it answers PING.</summary>
    public void Start()
    {
        if (_process is not null) throw new InvalidOperationException("redis-server is running already.");
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "",
                     "--appendonly", _appendOnly ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no", "--loglevel", "warning",
                 })
            start.ArgumentList.Add(argument);
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/test, or apt-get install redis-server.", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilItAnswers();
    }

    /// <summary>Kills the server at once (no save, no goodbye), as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung Redis.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a frozen server run on (SIGCONT); it answers what it was sent meanwhile.</summary>
    public void Thaw() => Signal("-CONT");

    void Signal(string signal)
    {
        if (_process is null) throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}.");
    }

    public void Dispose()
    {
        if (_process is not null) Thaw();
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }

    void WaitUntilItAnswers()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} on port {Port}.");
            if (AnswersPing()) return;
            if (deadline.Elapsed > StartTimeout) throw new TimeoutException($"redis-server did not answer PING on port {Port}.");
            Thread.Sleep(20);
        }
    }

    bool AnswersPing()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            // A server still loading its append-only file answers -LOADING.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
