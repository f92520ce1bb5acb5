using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>Findings and their plans in one step: what the pages, the API, the CLI and the live model show.</summary>
public static class Doctor
{
    public static IReadOnlyList<Diagnosis> Diagnose(NamespaceSnapshot snapshot) =>
        FindingAnalyzer.Analyze(snapshot).Select(f => Diagnose(snapshot, f)).ToArray();

    public static Diagnosis Diagnose(IRoutingState state, Finding finding) => new(finding, MigrationPlanner.Plan(finding, state));
}
