namespace Dashboard.Cni.Spec;

/// <summary>The CNI specification versions this plugin speaks, and what each allows.</summary>
public static class CniVersion
{
    /// <summary>VERSION's answer. 0.3.1 is the oldest with chaining and prevResult, which this plugin needs.</summary>
    public static readonly IReadOnlyList<string> Supported = ["0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public const string Latest = "1.1.0";

    public static bool IsSupported(string version) => Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>CHECK came with 0.4.0.</summary>
    public static bool AllowsCheck(string version) => AtLeast(version, 0, 4, 0);

    /// <summary>STATUS and GC came with 1.1.0.</summary>
    public static bool AllowsStatusAndGc(string version) => AtLeast(version, 1, 1, 0);

    /// <summary>Results before 1.0.0 carry "version" ("4"/"6") in each of their ips; 1.0.0 dropped it.</summary>
    public static bool IpsCarryVersion(string version) => !AtLeast(version, 1, 0, 0);

    public static bool AtLeast(string version, int major, int minor, int patch)
    {
        var parts = version.Split('.');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var a) || !int.TryParse(parts[1], out var b) || !int.TryParse(parts[2], out var c))
            return false;
        return (a, b, c).CompareTo((major, minor, patch)) >= 0;
    }
}
