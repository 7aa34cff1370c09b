using System.Runtime.InteropServices;

namespace Recommender.Bench;

/// <summary>Describes the machine a benchmark ran on, for the results table.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
               $"{memoryGiB:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
