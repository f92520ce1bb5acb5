namespace Dashboard.Web.Security;

/// <summary>
/// The "Dashboard" configuration section: where the dashboard listens, who may change routing, and
/// where the audit trail goes. Every default is the safe one: loopback only, read-only for everyone
/// until an operator credential is configured.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// host:port (or [v6]:port) Kestrel binds to. Loopback by default because the pod shares the
    /// node's network: any other default would publish the dashboard on every node address.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1:5080";

    /// <summary>File holding the operator token (a mounted Secret); the token is trimmed. Unset: no token.</summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>File holding a read-only token for clients that must identify themselves (monitoring, CI).</summary>
    public string? ViewerTokenFile { get; set; }

    /// <summary>
    /// Whether unauthenticated clients may read: the pages, the circuit, the hub, the API and its
    /// OpenAPI document alike. When false, reads need a viewer credential too.
    /// </summary>
    public bool AnonymousRead { get; set; } = true;

    /// <summary>
    /// Lets the dashboard start when it listens beyond loopback while <see cref="AnonymousRead"/> is on,
    /// i.e. publishes the node's routing to everyone who reaches that address. Off: such a start is
    /// refused, so that it is a decision and not the side effect of a changed ListenAddress or --urls.
    /// </summary>
    public bool AllowAnonymousRemoteRead { get; set; }

    /// <summary>
    /// Host names (or addresses) the dashboard answers to besides the loopback names (localhost,
    /// 127.0.0.1, [::1]), separated by ';' or ',': a node's address or DNS name, an ingress name.
    /// Requests for any other Host get 400, so a foreign name that resolves to this address (DNS
    /// rebinding) reads nothing. "*" would serve every name: a decision the start-up log states.
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Refuses every change, even from operators (maintenance windows, audits).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// The node's shared state directory: audit log, migration journal, namespace locks and cookie keys.
    /// The same directory for the dashboard's pod and for `routedash` on the host (a hostPath), so their
    /// locks and journal protect each other. Created 0700, owned by root; a symlink is refused.
    /// </summary>
    public string StateDirectory { get; set; } = Dashboard.Server.State.StateLocations.DefaultRoot;

    /// <summary>The first release's name for <see cref="StateDirectory"/>; when set, it is used instead.</summary>
    public string? AuditDirectory { get; set; }

    public string EffectiveStateDirectory => string.IsNullOrWhiteSpace(AuditDirectory) ? StateDirectory : AuditDirectory;

    /// <summary>Path prefix of SignalR hubs: there a bearer token may come as the access_token query
    /// parameter, because browsers cannot set headers on WebSocket requests.</summary>
    public string HubPathPrefix { get; set; } = "/hubs";

    /// <summary>Changes allowed per client (user, or address when anonymous) per minute: the API's and the UI's together.</summary>
    public int MutationsPerMinute { get; set; } = 30;

    /// <summary>Live hub (/hubs/routes) connections open at once, from all clients together; more get 429.</summary>
    public int HubConnectionLimit { get; set; } = 100;

    /// <summary>Namespaces one hub connection may follow one by one (Subscribe); SubscribeAll follows every one at no cost.</summary>
    public int HubSubscriptionLimit { get; set; } = 512;

    /// <summary>Hub method calls one connection may make per minute; more are refused with an error.</summary>
    public int HubCallsPerMinute { get; set; } = 600;

    public OidcOptions Oidc { get; set; } = new();

    public bool OidcEnabled => !string.IsNullOrWhiteSpace(Oidc.Authority) && !string.IsNullOrWhiteSpace(Oidc.ClientId);
}

/// <summary>OpenID Connect sign-in; wired only when Authority and ClientId are both set.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    /// <summary>File holding the client secret, for confidential clients.</summary>
    public string? ClientSecretFile { get; set; }
    /// <summary>The claim that carries the user's roles (e.g. "roles", "groups").</summary>
    public string RoleClaim { get; set; } = "roles";
    /// <summary>The value of <see cref="RoleClaim"/> that makes a user an operator.</summary>
    public string OperatorRole { get; set; } = "routedash-operator";
    /// <summary>Allows an http:// authority; only for a local identity provider in development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
