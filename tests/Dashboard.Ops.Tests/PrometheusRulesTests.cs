using Dashboard.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Ops.Tests;

/// <summary>
/// The alert rules operators install, checked and unit-tested by Prometheus's own promtool (Debian's
/// prometheus package; tests/run-all.sh installs it), and the PrometheusRule that ships the same rules.
/// </summary>
public sealed class PrometheusRulesTests
{
    private static readonly string RulesFile = RepositoryRoot.Of("deploy", "prometheus", "routedash-rules.yaml");
    private static readonly string RulesTestFile = RepositoryRoot.Of("deploy", "prometheus", "routedash-rules.test.yaml");
    private static readonly string PrometheusRuleFile = RepositoryRoot.Of("deploy", "kubernetes", "components", "prometheus", "prometheusrule.yaml");
    private const string Promtool = "/usr/bin/promtool";

    private static void NeedPromtool()
    {
        if (File.Exists(Promtool)) return;
        var why = $"{Promtool} is not installed (apt-get install prometheus)";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why + ": tests/run-all.sh installs it");
        Assert.Skip(why);
    }

    [Fact]
    public void Promtool_accepts_the_rules_and_their_unit_tests_pass()
    {
        NeedPromtool();
        var check = Shell.Run(Promtool, "check", "rules", RulesFile);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("SUCCESS: 8 rules found", check.Stdout);
        var test = Shell.Run(Promtool, "test", "rules", RulesTestFile);
        Assert.True(test.ExitCode == 0, test.Stdout + test.Stderr);
        Assert.Contains("SUCCESS", test.Stdout);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_in_which_it_fires_and_one_in_which_it_does_not()
    {
        var alerts = Rules(Load(RulesFile)).Select(r => Scalar(r, "alert")).ToHashSet();
        var cases = ((YamlSequenceNode)Load(RulesTestFile)["tests"]).Cast<YamlMappingNode>()
            .SelectMany(t => (YamlSequenceNode)t["alert_rule_test"]).Cast<YamlMappingNode>()
            .Select(c => (Alert: Scalar(c, "alertname"), Fires: ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0)).ToList();
        Assert.Equal(8, alerts.Count);
        foreach (var alert in alerts)
        {
            Assert.True(cases.Any(c => c.Alert == alert && c.Fires), $"{alert}: no test case in which it fires");
            Assert.True(cases.Any(c => c.Alert == alert && !c.Fires), $"{alert}: no test case in which it stays quiet");
        }
    }

    [Fact]
    public void The_unit_tests_fail_when_a_rule_changes()
    {
        NeedPromtool();
        // Proves the tests can fail: a copy whose mixed-VRF alert waits an hour instead of 15 minutes.
        using var dir = new TempDirectory();
        var rules = File.ReadAllText(RulesFile);
        Assert.Contains("for: 15m", rules);
        File.WriteAllText(dir.File("routedash-rules.yaml"), rules.Replace("for: 15m", "for: 1h"));
        File.Copy(RulesTestFile, dir.File("routedash-rules.test.yaml"));
        var test = Shell.Run(Promtool, "test", "rules", dir.File("routedash-rules.test.yaml"));
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("RoutedashMixedVrfRoute", test.Stdout + test.Stderr);
    }

    [Fact]
    public void The_PrometheusRule_holds_exactly_the_rules_of_the_plain_file()
    {
        var plain = Load(RulesFile)["groups"];
        var crd = Load(PrometheusRuleFile);
        Assert.Equal("monitoring.coreos.com/v1", Scalar(crd, "apiVersion"));
        Assert.Equal("PrometheusRule", Scalar(crd, "kind"));
        var wrapped = ((YamlMappingNode)crd["spec"])["groups"];
        Assert.Equal(Canonical(plain), Canonical(wrapped));
    }

    private static IEnumerable<YamlMappingNode> Rules(YamlMappingNode file) =>
        ((YamlSequenceNode)file["groups"]).Cast<YamlMappingNode>().SelectMany(g => (YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>();

    internal static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    /// <summary>The node's content with keys sorted, blind to layout, comments and quoting style.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode s => System.Text.Json.JsonSerializer.Serialize(s.Value),
        YamlSequenceNode q => "[" + string.Join(",", q.Children.Select(Canonical)) + "]",
        YamlMappingNode m => "{" + string.Join(",", m.Children.OrderBy(kv => ((YamlScalarNode)kv.Key).Value, StringComparer.Ordinal)
            .Select(kv => Canonical(kv.Key) + ":" + Canonical(kv.Value))) + "}",
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
