using System.Diagnostics;

namespace Dashboard.TestSupport;

/// <summary>
/// The native routedash the tests run, as an operator runs it (`routedash …`, no `dotnet`): the directory
/// ROUTEDASH_PUBLISHED names when the test command (tests/run-all.sh) published it already, else published
/// here into artifacts/routedash, so `dotnet test` of one project alone tests the current source.
/// </summary>
public static class PublishedRoutedash
{
    public const string DirectoryVariable = "ROUTEDASH_PUBLISHED";

    private static readonly Lazy<string> s_directory = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The publish directory; publishes on first use when ROUTEDASH_PUBLISHED is unset.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>The native executable itself.</summary>
    public static string Executable => Path.Combine(Directory, "routedash");

    /// <summary>For async fixtures: publishing takes a minute or more, off the caller's thread.</summary>
    public static Task<string> DirectoryAsync(CancellationToken cancellationToken) =>
        Task.Run(() => Directory, cancellationToken);

    /// <summary>The repository's root (the folder holding Dashboard.sln), found from the test binary.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given);
            EnsureNative(full, $"{DirectoryVariable}={given}");
            return full;
        }
        var output = Path.Combine(RepositoryRoot, "artifacts", "routedash");
        Publish(output);
        EnsureNative(output, output);
        return output;
    }

    /// <summary>
    /// A framework-dependent publish also has an ELF `routedash` (the apphost) but needs routedash.dll and a
    /// .NET runtime beside it; a directory holding routedash.dll is not the native build the nodes get.
    /// </summary>
    private static void EnsureNative(string directory, string described)
    {
        var exe = Path.Combine(directory, "routedash");
        if (!File.Exists(exe))
            throw new InvalidOperationException($"{described} holds no routedash executable");
        if (File.Exists(Path.Combine(directory, "routedash.dll")))
            throw new InvalidOperationException(
                $"{described} holds routedash.dll: a framework-dependent publish, not the native one " +
                "(dotnet publish src/Cli/Dashboard.Cli.csproj -c Release -o DIR, into an empty DIR)");
    }

    private static void Publish(string output)
    {
        // Several test processes (Integration, Vm) may publish at once: one at a time, across processes.
        using var gate = LockFile(output + ".lock", TimeSpan.FromMinutes(30));
        // An earlier framework-dependent publish's files would stay beside the native one. A native one is
        // published over in place: unchanged files are not copied again, so a routedash another test process
        // is running meanwhile stays intact.
        if (File.Exists(Path.Combine(output, "routedash.dll")))
            System.IO.Directory.Delete(output, recursive: true);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", "Cli", "Dashboard.Cli.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet publish of routedash (Native AOT: needs clang and zlib1g-dev) failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>An exclusive lock (flock: FileShare.None) on <paramref name="path"/>, waited for up to <paramref name="limit"/>.</summary>
    private static FileStream LockFile(string path, TimeSpan limit)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < limit) { Thread.Sleep(500); }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }
}
