using Dashboard.TestSupport;
using System.Diagnostics;

namespace Dashboard.Vm.Tests.Web;

/// <summary>
/// The dashboard as a node runs it: `dotnet publish src/Web -c Release -o artifacts/web`. The guest
/// sees the host's / (read-only), so the publish directory is there at the same path.
/// ROUTEDASH_WEB_PUBLISHED names a directory published already (tests/run-all.sh sets it).
/// </summary>
public static class PublishedWebApp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? s_directory;

    public static async Task<string> DirectoryAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("ROUTEDASH_WEB_PUBLISHED") is { Length: > 0 } given)
        {
            if (!File.Exists(Path.Combine(given, "Dashboard.Web.dll")))
                throw new InvalidOperationException($"ROUTEDASH_WEB_PUBLISHED={given} has no Dashboard.Web.dll");
            return given;
        }
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (s_directory is not null) return s_directory;
            var output = Path.Combine(RepositoryRoot.Path, "artifacts", "web");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
            foreach (var a in new[] { "publish", Path.Combine("src", "Web"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
            await p.WaitForExitAsync(cancellationToken);
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish src/Web failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
            return s_directory = output;
        }
        finally { Gate.Release(); }
    }
}
