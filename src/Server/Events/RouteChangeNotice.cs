namespace Dashboard.Server.Events;

/// <summary>
/// One change in one namespace. <see cref="Sequence"/> increases by one per namespace, so a consumer
/// that sees a gap knows it missed something and should re-read.
/// </summary>
public sealed record RouteChangeNotice(
    string NamespaceId,
    RouteChangeKind Kind,
    DateTimeOffset Timestamp,
    long Sequence,
    /// <summary>The changed object as iproute2 would print it ("default via fe80::1 dev eth0 table main …").</summary>
    string Summary);
