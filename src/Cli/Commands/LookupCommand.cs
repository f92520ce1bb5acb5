using System.CommandLine;
using System.Text.Json;
using Dashboard.Server.Contracts;
using Dashboard.Server.Lookup;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Cli.Commands;

/// <summary>
/// routedash lookup [--netns N | --netns-path P | --pid P] [--vrf NAME] [--from SRC] [--iif DEV] [--oif DEV]
/// [--mark M] [--ipproto P] [--sport N] [--dport N] ADDR [--json], or --batch FILE with one lookup's
/// arguments per line. Exit 0 when every packet has a route, 1 when the kernel refused one, 2 bad usage.
/// </summary>
public static class LookupCommand
{
    private sealed class Keys
    {
        public readonly Argument<string?> Address = new("ADDR") { Description = "The destination address", Arity = ArgumentArity.ZeroOrOne };
        public readonly Option<string?> Vrf = new("--vrf") { Description = "Look up in this VRF (its device as the output interface)" };
        public readonly Option<string?> From = new("--from") { Description = "The packet's source address" };
        public readonly Option<string?> Iif = new("--iif") { Description = "The device the packet arrives on (a forwarding lookup; IPv4 needs --from too)" };
        public readonly Option<string?> Oif = new("--oif") { Description = "The output device" };
        public readonly Option<string?> Mark = new("--mark") { Description = "The packet's firewall mark (decimal or 0x hex)" };
        public readonly Option<string?> IpProto = new("--ipproto") { Description = "The IP protocol: tcp, udp, a number…" };
        public readonly Option<string?> Sport = new("--sport") { Description = "The source port" };
        public readonly Option<string?> Dport = new("--dport") { Description = "The destination port" };

        public void AddTo(Command c)
        {
            c.Arguments.Add(Address);
            foreach (var o in (Option[])[Vrf, From, Iif, Oif, Mark, IpProto, Sport, Dport]) c.Options.Add(o);
        }

        public LookupRequest Request(ParseResult p, VrfTopology names) => LookupNames.Parse(names,
            p.GetValue(Address) ?? throw new UsageException("a destination address is needed (or --batch FILE)"),
            p.GetValue(Vrf), p.GetValue(From), p.GetValue(Iif), p.GetValue(Oif), p.GetValue(Mark), p.GetValue(IpProto),
            p.GetValue(Sport), p.GetValue(Dport));

        public bool Any(ParseResult p) => p.GetValue(Address) is not null || p.GetValue(Vrf) is not null || p.GetValue(From) is not null
            || p.GetValue(Iif) is not null || p.GetValue(Oif) is not null || p.GetValue(Mark) is not null
            || p.GetValue(IpProto) is not null || p.GetValue(Sport) is not null || p.GetValue(Dport) is not null;
    }

    public static Command Create()
    {
        var ns = new NamespaceOptions();
        var keys = new Keys();
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON: ip -j route get's fields plus the explanation" };
        var batch = new Option<string?>("--batch") { Description = "Many lookups: one line of lookup arguments per lookup (\"-\": stdin); with --json one object per line" };
        var command = new Command("lookup", "Ask the kernel where a packet goes, like ip route get, and explain it: the rule, the table, the route") { json, batch };
        ns.AddTo(command);
        keys.AddTo(command);
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var target = ns.Resolve(p);
            var file = p.GetValue(batch);
            if (file is not null && keys.Any(p)) throw new UsageException("--batch takes the lookups from its file: give no address or lookup options beside it");
            using var handle = KernelNetlink.Instance.Open(target);
            var state = handle.Read();
            var requests = file is null
                ? [(Line: 0, Request: keys.Request(p, state.Topology))]
                : ReadBatch(file, state.Topology);
            bool asJson = p.GetValue(json), allRouted = true;
            using var w = Output.Text();
            foreach (var (line, request) in requests)
            {
                var result = RouteLookup.Run(handle, state, request);
                if (asJson) w.WriteLine(JsonSerializer.Serialize(LookupDto.From(result, state.Topology), DashboardJson.Default.LookupDto));
                else
                {
                    if (file is not null) w.WriteLine($"# {request.Dst}");
                    w.Write(LookupText.Show(result, state.Topology));
                }
                if (!result.Routed)
                {
                    allRouted = false;
                    w.Flush();
                    Console.Error.WriteLine(file is null ? $"routedash: {result.Error}" : $"routedash: line {line} ({request.Dst}): {result.Error}");
                }
            }
            return allRouted ? CliRunner.Ok : CliRunner.Error;
        }));
        return command;
    }

    /// <summary>Every line parsed before the first lookup, so that a bad line fails the run (exit 2) before any output.</summary>
    private static List<(int Line, LookupRequest Request)> ReadBatch(string file, VrfTopology names)
    {
        string[] lines;
        try { lines = file == "-" ? Console.In.ReadToEnd().Split('\n') : File.ReadAllLines(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read {file}: {e.Message}"); }
        var keys = new Keys();
        var parser = new RootCommand();
        keys.AddTo(parser);
        var requests = new List<(int, LookupRequest)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            var parsed = parser.Parse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (parsed.Errors.Count > 0) throw new UsageException($"{file} line {i + 1}: {parsed.Errors[0].Message}");
            try { requests.Add((i + 1, keys.Request(parsed, names))); }
            catch (Exception e) when (e is ArgumentException or UsageException) { throw new UsageException($"{file} line {i + 1}: {e.Message}"); }
        }
        return requests;
    }
}
