using Dashboard.Server.Lookup;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>What the lookup box asks: the API's parameters, as typed (blank means not given).</summary>
public sealed record LookupForm(string? Destination, string? Vrf = null, string? From = null, string? Iif = null, string? Oif = null, string? Mark = null);

/// <summary>A lookup's result with the names it was made with, or why the input was refused.</summary>
public sealed record LookupAttempt(LookupResult? Result, VrfTopology? Names, string? Problem);
