using Recommender.Server.RateLimiting;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.Server.Tests.Api;

/// <summary>The real `recommender` executable (built beside the tests) run as a child process, to be killed.</summary>
public sealed class RecommenderProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    RecommenderProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The semantic model costs each process about 1.3 s and several hundred megabytes to load: off unless a test turns it on.
        start.Environment["Semantic__Enabled"] = "false";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "recommender.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static RecommenderProcess Start(params string[] arguments) => new(arguments);

    /// <summary>Starts it with environment variables: the configuration of commands that take no --Section:Key arguments (import).</summary>
    public static RecommenderProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) => new(arguments, environment);

    public bool HasExited => process.HasExited;

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    /// <summary>Starts `recommender serve` on a free loopback port and waits until /health answers.</summary>
    public static async Task<(RecommenderProcess Process, HttpClient Client)> ServeAsync(string dataDirectory, params string[] configuration)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var server = Start(["serve", "--urls", address, "--data", dataDirectory, .. RateLimits.Lifted, .. configuration]);
        var client = RunningServer.BackendClient(new Uri(address));
        client.Timeout = TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("/health");
                if (health.IsSuccessStatusCode) return (server, client);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (server.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                client.Dispose();
                server.Dispose();
                Assert.Fail($"recommender serve did not answer /health: {server.Output}");
            }
            await Task.Delay(100);
        }
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}
