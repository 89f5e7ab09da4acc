using BenchmarkDotNet.Running;
using Chantra.Benchmarks;

// dotnet run -c Release --project tests/Chantra.Benchmarks                 → every BenchmarkDotNet suite
// dotnet run -c Release --project tests/Chantra.Benchmarks -- --filter '*Classifier*'   → BenchmarkDotNet's own options
// dotnet run -c Release --project tests/Chantra.Benchmarks -- counts [--bills N]        → storage / push call counts against Azurite
// dotnet run -c Release --project tests/Chantra.Benchmarks -- live-counts [--pages N]   → the live MSBIS source over N unchanged pages (local server)
if (args.Length > 0 && args[0] == "live-counts")
{
    return await LiveSourceCounts.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "counts")
{
    return await StorageCounts.RunAsync(args[1..]);
}

// With no arguments BenchmarkSwitcher would ask which suite to run; run them all instead.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(StorageCounts).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
