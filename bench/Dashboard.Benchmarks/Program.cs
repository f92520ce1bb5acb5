using Dashboard.Benchmarks;

// dotnet run -c Release --project bench/Dashboard.Benchmarks -- <benchmark> [options]
// Each benchmark builds its own network namespace, measures, prints a table, and cleans up.
var benchmarks = new Dictionary<string, Func<string[], int>>
{
    ["inspect"] = InspectBenchmark.Run,
    ["load"] = LoadBenchmark.Run,
    ["events"] = EventsBenchmark.Run,
    ["page"] = PageBenchmark.Run,
    ["startup"] = StartupBenchmark.Run,
    ["hub-subscribe"] = HubSubscribeBenchmark.Run,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Dashboard.Benchmarks <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}
return run(args[1..]);
