namespace Dashboard.Web.Security;

/// <summary>Role names carried in ClaimTypes.Role, and the policies built on them.</summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
}

public static class DashboardPolicies
{
    /// <summary>May change routing: operator role, dashboard not read-only.</summary>
    public const string Operator = "Operator";
    /// <summary>May read: anyone unless anonymous reads are switched off.</summary>
    public const string Viewer = "Viewer";
    /// <summary>Rate-limiter policy for mutating endpoints and hub methods.</summary>
    public const string MutationRateLimit = "mutations";
}

/// <summary>Authentication scheme names.</summary>
public static class DashboardSchemes
{
    /// <summary>Picks bearer or cookie per request.</summary>
    public const string Selector = "Dashboard";
    public const string Bearer = "DashboardBearer";
    public const string Cookie = "DashboardCookie";
    public const string Oidc = "oidc";
}
