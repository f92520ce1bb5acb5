using System.Net;

namespace Dashboard.Web.Security;

/// <summary>
/// Where the browser of a circuit connected from. A circuit has no HttpContext once it is interactive,
/// so App.razor takes the address from the page request and Routes cascades it; audit records use it.
/// </summary>
public sealed record ClientAddress(IPAddress? Address)
{
    public static ClientAddress Unknown { get; } = new((IPAddress?)null);

    /// <summary>From the text App.razor passes (root component parameters must be serialisable).</summary>
    public static ClientAddress Parse(string? text) =>
        IPAddress.TryParse(text, out var address) ? new ClientAddress(address) : Unknown;
}
