namespace Dashboard.Cni.Spec;

/// <summary>
/// The error codes a CNI plugin answers with: 1-99 are the specification's (SPEC.md "Well-known Error
/// Codes"), 100 and up are this plugin's own. docs/cni.md lists them for operators.
/// </summary>
public static class CniErrorCodes
{
    /// <summary>The configuration's cniVersion is not one this plugin speaks, or the command needs a later one.</summary>
    public const int IncompatibleVersion = 1;
    /// <summary>CNI_NETNS does not lead to a network namespace (any more).</summary>
    public const int UnknownContainer = 3;
    /// <summary>A CNI_* variable is missing or malformed.</summary>
    public const int InvalidEnvironment = 4;
    /// <summary>Reading stdin, or the state or audit directory, failed.</summary>
    public const int IoFailure = 5;
    /// <summary>stdin is not JSON.</summary>
    public const int DecodeFailure = 6;
    /// <summary>The configuration (or its prevResult) is JSON but not a valid configuration.</summary>
    public const int InvalidNetworkConfig = 7;
    /// <summary>Something transient: another process holds the namespace's lock.</summary>
    public const int TryAgainLater = 11;
    /// <summary>STATUS: an ADD would fail now (no usable state or audit directory).</summary>
    public const int PluginNotAvailable = 50;

    /// <summary>A fix was refused, rolled back or failed: the namespace was left as it was (or, for "failed", needs an operator).</summary>
    public const int FixNotApplied = 100;
    /// <summary>Findings of the configured kinds are present (CHECK; ADD when they remain after fixing).</summary>
    public const int FindingsPresent = 101;
    /// <summary>An error the plugin did not expect; the message says what.</summary>
    public const int Internal = 999;
}

/// <summary>A failure the plugin answers with a CNI error object on stdout and a non-zero exit code.</summary>
public sealed class CniException(int code, string message, string? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string? Details { get; } = details;

    /// <summary>The configuration's cniVersion, once it was read: the error object is printed in it.</summary>
    public string? CniVersion { get; private init; }

    /// <summary>This error, answered in <paramref name="cniVersion"/>.</summary>
    public CniException In(string cniVersion) => new(Code, Message, Details) { CniVersion = cniVersion };
}
