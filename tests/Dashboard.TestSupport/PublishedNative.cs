using System.Diagnostics;

namespace Dashboard.TestSupport;

/// <summary>
/// A native executable the tests run as nodes run it (`routedash …`, no `dotnet`): the directory its
/// variable names when the test command (tests/run-all.sh) published it already, else published here into
/// artifacts/NAME, so `dotnet test` of one project alone tests the current source. A framework-dependent
/// publish (NAME.dll beside an apphost) is refused: it is not the build the nodes get.
/// </summary>
public sealed class PublishedNative
{
    /// <summary>routedash, the CLI (ROUTEDASH_PUBLISHED).</summary>
    public static PublishedNative Routedash { get; } = new("routedash", "src/Cli/Dashboard.Cli.csproj", "ROUTEDASH_PUBLISHED");

    /// <summary>routedash-cni, the CNI plugin (ROUTEDASH_CNI_PUBLISHED).</summary>
    public static PublishedNative RoutedashCni { get; } = new("routedash-cni", "src/Cni/Dashboard.Cni.csproj", "ROUTEDASH_CNI_PUBLISHED");

    private readonly string _fileName;
    private readonly string _project;
    private readonly string _directoryVariable;
    private readonly Lazy<string> _directory;

    private PublishedNative(string fileName, string project, string directoryVariable)
    {
        _fileName = fileName;
        _project = project;
        _directoryVariable = directoryVariable;
        _directory = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The publish directory; publishes on first use when the variable is unset.</summary>
    public string Directory => _directory.Value;

    /// <summary>The native executable itself.</summary>
    public string Executable => Path.Combine(Directory, _fileName);

    /// <summary>For async fixtures: publishing takes a minute or more, off the caller's thread.</summary>
    public Task<string> DirectoryAsync(CancellationToken cancellationToken) => Task.Run(() => Directory, cancellationToken);

    private string Locate()
    {
        if (Environment.GetEnvironmentVariable(_directoryVariable) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given);
            EnsureNative(full, $"{_directoryVariable}={given}");
            return full;
        }
        var output = RepositoryRoot.Of("artifacts", _fileName);
        Publish(output);
        EnsureNative(output, output);
        return output;
    }

    private void EnsureNative(string directory, string described)
    {
        if (!File.Exists(Path.Combine(directory, _fileName)))
            throw new InvalidOperationException($"{described} holds no {_fileName} executable");
        if (File.Exists(Path.Combine(directory, _fileName + ".dll")))
            throw new InvalidOperationException(
                $"{described} holds {_fileName}.dll: a framework-dependent publish, not the native one " +
                $"(dotnet publish {_project} -c Release -o DIR, into an empty DIR)");
    }

    private void Publish(string output)
    {
        // Several test processes (Integration, Cni, Vm) may publish at once: one at a time, across processes.
        using var gate = LockFile(output + ".lock", TimeSpan.FromMinutes(30));
        // An earlier framework-dependent publish's files would stay beside the native one. A native one is
        // published over in place: unchanged files are not copied again, so an executable another test
        // process is running meanwhile stays intact.
        if (File.Exists(Path.Combine(output, _fileName + ".dll")))
            System.IO.Directory.Delete(output, recursive: true);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in new[] { "publish", _project, "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet publish of {_fileName} (Native AOT: needs clang and zlib1g-dev) failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
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
}
