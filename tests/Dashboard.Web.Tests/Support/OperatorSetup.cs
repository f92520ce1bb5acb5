namespace Dashboard.Web.Tests.Support;

/// <summary>
/// What a node with an operator configures: a token file (as a mounted Secret would be) and an audit
/// directory of its own, both in a temp directory so no test writes under /var/lib/routedash.
/// </summary>
public sealed class OperatorSetup : IDisposable
{
    public const string OperatorToken = "ui-operator-token-0123456789abcdef";
    private readonly TempDirectory _dir = new();

    public OperatorSetup(bool withToken = true)
    {
        if (withToken) File.WriteAllText(TokenFile, OperatorToken + "\n");
    }

    public string TokenFile => _dir.File("operator-token");
    public string AuditDirectory => _dir.File("audit");
    public string AuditFile => Path.Combine(AuditDirectory, "audit.jsonl");

    /// <summary>Dashboard:* settings for the app; <paramref name="readOnly"/> sets the global switch.</summary>
    public Dictionary<string, string?> Settings(bool readOnly = false) => new()
    {
        ["Dashboard:OperatorTokenFile"] = TokenFile,
        ["Dashboard:AuditDirectory"] = AuditDirectory,
        ["Dashboard:ReadOnly"] = readOnly ? "true" : "false",
    };

    public void Dispose() => _dir.Dispose();
}
