using System.CommandLine;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Cli.Commands;

/// <summary>--netns / --netns-path / --pid: which namespace a command reads.</summary>
public sealed class NamespaceOptions
{
    public Option<string?> Netns { get; } = new("--netns") { Description = "A named namespace (as in ip netns)" };
    public Option<string?> NetnsPath { get; } = new("--netns-path") { Description = "A namespace file, e.g. /proc/PID/ns/net" };
    public Option<int?> Pid { get; } = new("--pid") { Description = "The namespace of this process" };

    public void AddTo(Command command)
    {
        command.Options.Add(Netns);
        command.Options.Add(NetnsPath);
        command.Options.Add(Pid);
    }

    public NetNamespace Resolve(ParseResult p) =>
        new NamespaceResolver().Resolve(p.GetValue(Netns), p.GetValue(NetnsPath), p.GetValue(Pid));
}
