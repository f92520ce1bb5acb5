using Dashboard.Server.Migration;

namespace Dashboard.Server.Contracts;

/// <summary>How one open journal record was resolved, as `routedash recover --json` prints it.</summary>
public sealed record RecoveryDto(
    string Record, string Namespace, string Finding, string Outcome, bool Resolved, string Message,
    IReadOnlyList<string> Commands, IReadOnlyList<RouteDto> Before, IReadOnlyList<RouteDto> After)
{
    public static RecoveryDto From(RecoveryResult r) => new(
        r.RecordId, r.NamespaceId, r.FindingId, RecoveryResult.OutcomeName(r.Outcome), r.Resolved, r.Message, r.Commands,
        r.Before.Select(x => RouteDto.From(x, r.Names)).ToArray(), r.After.Select(x => RouteDto.From(x, r.Names)).ToArray());
}
