using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;

namespace Dashboard.Web.Data;

/// <summary>What a fix does, in a few words, for buttons and dialog titles.</summary>
public static class FixLabels
{
    public static string For(Diagnosis d) => d.Finding.Kind switch
    {
        FindingKind.VrfTableNoDefault => "Add unreachable default",
        FindingKind.L3mdevRuleMissing => "Add l3mdev rule",
        _ => "Move to VRF",
    };
}
