using System.Diagnostics;
using Dashboard.Cni.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Cni.Tests.Deploy;

/// <summary>
/// The DaemonSet installs routedash-cni with an init container: the plugin copied into the host's CNI
/// bin directory (a hostPath, /opt/cni/bin by default) under a temporary name, then renamed, so a runtime
/// never starts half a file. Its script is run here as the manifest has it, against a temp directory.
/// </summary>
public sealed class InstallInitContainerTests
{
    private static readonly YamlMappingNode PodSpec = LoadPodSpec();

    private static YamlMappingNode LoadPodSpec()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes", "daemonset.yaml")))
            stream.Load(reader);
        var ds = (YamlMappingNode)stream.Documents.Single().RootNode;
        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)ds["spec"])["template"])["spec"];
    }

    private static YamlMappingNode Init => (YamlMappingNode)((YamlSequenceNode)PodSpec["initContainers"]).Children
        .Single(c => ((YamlMappingNode)c)["name"].ToString() == "install-cni-plugin");

    private static string Script => ((YamlSequenceNode)Init["command"]).Children.Last().ToString();

    [Fact]
    public void The_init_container_uses_the_dashboards_image_and_mounts_the_host_cni_bin_directory()
    {
        var main = (YamlMappingNode)((YamlSequenceNode)PodSpec["containers"]).Children.Single();
        Assert.Equal(main["image"].ToString(), Init["image"].ToString());

        var mount = (YamlMappingNode)((YamlSequenceNode)Init["volumeMounts"]).Children.Single();
        Assert.Equal("/host/cni/bin", mount["mountPath"].ToString());
        var volume = (YamlMappingNode)((YamlSequenceNode)PodSpec["volumes"]).Children.Single(v => ((YamlMappingNode)v)["name"].ToString() == mount["name"].ToString());
        Assert.Equal("/opt/cni/bin", ((YamlMappingNode)volume["hostPath"])["path"].ToString());

        var sc = (YamlMappingNode)Init["securityContext"];
        Assert.Equal("false", sc["allowPrivilegeEscalation"].ToString());
        Assert.Equal(["ALL"], ((YamlSequenceNode)((YamlMappingNode)sc["capabilities"])["drop"]).Children.Select(c => c.ToString()));
    }

    [Fact]
    public void The_script_replaces_the_plugin_by_renaming_a_complete_copy_and_leaves_nothing_else()
    {
        using var dir = new TempDirectory();
        var bin = dir.Sub("bin");
        Directory.CreateDirectory(bin);
        var plugin = PublishedNative.RoutedashCni.Executable;
        var installed = Path.Combine(bin, "routedash-cni");
        File.WriteAllText(installed, "old plugin");
        // A runtime that opened the old file keeps reading the old file: the new one is a new inode.
        using var running = new FileStream(installed, FileMode.Open, FileAccess.Read);

        var r = RunScript(plugin, bin);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("\"supportedVersions\"", r.Output); // the installed file runs

        Assert.Equal(File.ReadAllBytes(plugin), File.ReadAllBytes(installed));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(installed));
        Assert.Equal(["routedash-cni"], Directory.GetFiles(bin).Select(Path.GetFileName));
        using var reader = new StreamReader(running);
        Assert.Equal("old plugin", reader.ReadToEnd());
    }

    [Fact]
    public void A_failed_copy_leaves_the_installed_plugin_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var bin = dir.Sub("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "routedash-cni"), "old plugin");

        var r = RunScript(dir.Sub("no-such-source"), bin);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("old plugin", File.ReadAllText(Path.Combine(bin, "routedash-cni")));
        Assert.Equal(["routedash-cni"], Directory.GetFiles(bin).Select(Path.GetFileName));
    }

    private static (int ExitCode, string Output) RunScript(string source, string bin)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.Environment["ROUTEDASH_CNI_SOURCE"] = source;
        psi.Environment["CNI_BIN_DIR"] = bin;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
