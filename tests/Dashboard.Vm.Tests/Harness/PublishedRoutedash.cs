using System.Diagnostics;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>
/// The published routedash the guest runs (`dotnet DIR/routedash.dll`): ROUTEDASH_PUBLISHED when the
/// test runner (tests/run-all.sh) published it already, else published here into artifacts/routedash,
/// so `dotnet test tests/Dashboard.Vm.Tests` alone tests the current source.
/// </summary>
public static class PublishedRoutedash
{
    public const string DirectoryVariable = "ROUTEDASH_PUBLISHED";
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static string? s_directory;

    public static async Task<string> DirectoryAsync(CancellationToken cancellationToken)
    {
        await s_gate.WaitAsync(cancellationToken);
        try
        {
            return s_directory ??= await LocateAsync(cancellationToken);
        }
        finally { s_gate.Release(); }
    }

    private static async Task<string> LocateAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given);
            if (!File.Exists(Path.Combine(full, "routedash.dll")))
                throw new InvalidOperationException($"{DirectoryVariable}={given} holds no routedash.dll");
            return full;
        }

        var output = Path.Combine(RepoPaths.Root, "artifacts", "routedash");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", "Cli", "Dashboard.Cli.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish of routedash failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        return output;
    }
}
