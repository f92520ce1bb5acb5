namespace Dashboard.Benchmarks;

/// <summary>Which routedash the benchmarks run: the native one where it is published, else the framework-dependent dll.</summary>
public static class Routedash
{
    /// <summary>
    /// ROUTEDASH_PUBLISHED's routedash, else the repository's artifacts/routedash/routedash (what
    /// `dotnet publish src/Cli -c Release -o artifacts/routedash` makes: Native AOT), else `dotnet
    /// routedash.dll` next to the benchmark. Operators run the native one; the dll pays JIT start-up.
    /// </summary>
    public static (string Command, string Kind) Command()
    {
        var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        foreach (var dir in (string?[])[Environment.GetEnvironmentVariable("ROUTEDASH_PUBLISHED"), Path.Combine(repo, "artifacts/routedash")])
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var native = Path.Combine(dir, "routedash");
            if (File.Exists(native)) return (native, $"native {native}");
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "routedash.dll");
        return ($"dotnet {dll}", "framework-dependent dotnet routedash.dll (no native routedash in artifacts/routedash)");
    }
}
