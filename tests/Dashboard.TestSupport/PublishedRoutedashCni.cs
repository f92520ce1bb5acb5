using System.Diagnostics;

namespace Dashboard.TestSupport;

/// <summary>
/// The native routedash-cni the tests run, as a container runtime runs it: the directory
/// ROUTEDASH_CNI_PUBLISHED names when the test command (tests/run-all.sh) published it already, else
/// published here into artifacts/routedash-cni, so `dotnet test` of one project alone tests the current
/// source. (The same rules as <see cref="PublishedRoutedash"/>: a framework-dependent publish is refused.)
/// </summary>
public static class PublishedRoutedashCni
{
    public const string DirectoryVariable = "ROUTEDASH_CNI_PUBLISHED";
    public const string FileName = "routedash-cni";

    private static readonly Lazy<string> s_directory = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The publish directory; publishes on first use when ROUTEDASH_CNI_PUBLISHED is unset.</summary>
    public static string Directory => s_directory.Value;

    public static string Executable => Path.Combine(Directory, FileName);

    public static Task<string> DirectoryAsync(CancellationToken cancellationToken) => Task.Run(() => Directory, cancellationToken);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given);
            EnsureNative(full, $"{DirectoryVariable}={given}");
            return full;
        }
        var output = Path.Combine(PublishedRoutedash.RepositoryRoot, "artifacts", FileName);
        Publish(output);
        EnsureNative(output, output);
        return output;
    }

    private static void EnsureNative(string directory, string described)
    {
        if (!File.Exists(Path.Combine(directory, FileName)))
            throw new InvalidOperationException($"{described} holds no {FileName} executable");
        if (File.Exists(Path.Combine(directory, FileName + ".dll")))
            throw new InvalidOperationException($"{described} holds {FileName}.dll: a framework-dependent publish, not the native one " +
                "(dotnet publish src/Cni/Dashboard.Cni.csproj -c Release -o DIR, into an empty DIR)");
    }

    private static void Publish(string output)
    {
        // Several test processes (Cni, Vm) may publish at once: one at a time, across processes.
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using var gate = LockFile(output + ".lock", TimeSpan.FromMinutes(30));
        if (File.Exists(Path.Combine(output, FileName + ".dll")))
            System.IO.Directory.Delete(output, recursive: true);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = PublishedRoutedash.RepositoryRoot,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", "Cni", "Dashboard.Cni.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet publish of routedash-cni (Native AOT: needs clang and zlib1g-dev) failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }

    private static FileStream LockFile(string path, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < limit) { Thread.Sleep(500); }
        }
    }
}
