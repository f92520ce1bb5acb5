using System.Text.RegularExpressions;
using Dashboard.Integration.Tests.Support;

namespace Dashboard.Integration.Tests.Cli;

/// <summary>
/// routedash is copied onto nodes as one native file: it must load with the node's own C library and
/// nothing else (no .NET runtime, no libstdc++), and need no newer glibc than the README promises.
/// </summary>
public partial class NativeBinaryTests
{
    /// <summary>The README's promise, in its routedash section: "needs glibc X.Y or newer".</summary>
    private static Version DocumentedGlibc()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var matches = DocumentedGlibcPattern().Matches(readme);
        Assert.True(matches.Count == 1, $"README.md should state once what routedash \"needs glibc X.Y or newer\"; it does {matches.Count} times");
        return Version.Parse(matches[0].Groups[1].Value);
    }

    [GeneratedRegex(@"needs glibc (\d+\.\d+) or newer")]
    private static partial Regex DocumentedGlibcPattern();

    [GeneratedRegex(@"\(GLIBC_(\d+(?:\.\d+)+)\)")]
    private static partial Regex GlibcSymbolVersion();

    [Fact]
    public void Needs_no_newer_glibc_than_the_readme_states()
    {
        // The same command the README gives operators, so both read the same thing.
        var symbols = Shell.Check("objdump", "-T", Routedash.Executable);
        var versions = GlibcSymbolVersion().Matches(symbols).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().Order().ToList();
        Assert.True(versions.Count > 0, $"objdump -T lists no GLIBC_ symbol versions for {Routedash.Executable}:\n{symbols}");
        var documented = DocumentedGlibc();
        var needed = versions[^1];
        var culprits = symbols.Split('\n').Where(l => l.Contains($"(GLIBC_{needed})", StringComparison.Ordinal)).Take(5);
        Assert.True(needed <= documented,
            $"routedash needs GLIBC_{needed}, the README promises glibc {documented}: either the build machine's glibc is newer " +
            $"than the one the README names, or the code now calls a newer function. Symbols: {string.Join("; ", culprits.Select(l => l.Trim()))}");
    }

    [Fact]
    public void Loads_only_glibc_libraries()
    {
        // What the dynamic loader must find on the node: glibc's own libraries, nothing from .NET or a compiler.
        string[] glibc = ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"];
        var headers = Shell.Check("objdump", "-p", Routedash.Executable);
        var needed = headers.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("NEEDED ", StringComparison.Ordinal))
            .Select(l => l["NEEDED ".Length..].Trim()).ToList();
        Assert.Contains("libc.so.6", needed);
        Assert.All(needed, lib => Assert.True(glibc.Contains(lib), $"routedash needs {lib}, which a node need not have (NEEDED: {string.Join(", ", needed)})"));
    }
}
