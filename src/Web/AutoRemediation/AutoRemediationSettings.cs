using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Namespaces;

namespace Dashboard.Web.AutoRemediation;

/// <summary>
/// Dashboard:AutoRemediation, read once at start. Off by default: a node's administrator turns it on
/// (<c>Dashboard__AutoRemediation__Enabled=true</c>). Kinds, Include and Exclude are each one
/// comma-separated value or a list (<c>…__Include__0</c>); Include/Exclude use the namespace filter's
/// globs over namespace ids, names and pod <c>namespace/name</c>.
/// </summary>
public sealed record AutoRemediationSettings
{
    public const string Section = "Dashboard:AutoRemediation";

    public bool Enabled { get; init; }
    public IReadOnlySet<FindingKind> Kinds { get; init; } = new HashSet<FindingKind> { FindingKind.MixedVrfEcmp };
    public NamespaceFilter Filter { get; init; } = NamespaceFilter.All;
    /// <summary>Fixes attempted on the whole node per minute, at most.</summary>
    public int MaxPerMinute { get; init; } = 10;
    /// <summary>Consecutive failures in one namespace after which the policy stops there until an operator resets it.</summary>
    public int FailuresBeforeStop { get; init; } = 3;
    /// <summary>How long a namespace must be quiet before the policy acts: a CNI chain (and a chained routedash-cni) finishes first.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> KindNames => Kinds.Select(FindingKinds.Name).Order(StringComparer.Ordinal);

    /// <exception cref="InvalidOperationException">a setting is malformed; the message names it. Only when Enabled.</exception>
    public static AutoRemediationSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var enabled = section.GetValue<bool>("Enabled");
        var defaults = new AutoRemediationSettings();
        if (!enabled) return defaults;

        var known = Enum.GetValues<FindingKind>().ToDictionary(FindingKinds.Name, StringComparer.Ordinal);
        var kindNames = Values(section.GetSection("Kinds")).ToArray();
        var kinds = new HashSet<FindingKind>();
        foreach (var name in kindNames)
        {
            if (!known.TryGetValue(name, out var kind))
                throw Bad("Kinds", $"'{name}' is not a finding kind (known: {string.Join(", ", known.Keys)})");
            kinds.Add(kind);
        }
        var max = Number(section, "MaxPerMinute", defaults.MaxPerMinute, min: 1);
        var stop = Number(section, "FailuresBeforeStop", defaults.FailuresBeforeStop, min: 1);
        var settle = section["SettleSeconds"] is { Length: > 0 } s
            ? double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var sec) && sec is >= 0 and <= 600
                ? TimeSpan.FromSeconds(sec) : throw Bad("SettleSeconds", $"'{s}' is not a number of seconds between 0 and 600")
            : defaults.Settle;
        return new AutoRemediationSettings
        {
            Enabled = true,
            Kinds = kinds.Count > 0 ? kinds : defaults.Kinds,
            Filter = new NamespaceFilter(Values(section.GetSection("Include")), Values(section.GetSection("Exclude"))),
            MaxPerMinute = max,
            FailuresBeforeStop = stop,
            Settle = settle,
        };
    }

    private static int Number(IConfigurationSection section, string key, int fallback, int min)
    {
        if (section[key] is not { Length: > 0 } text) return fallback;
        return int.TryParse(text, out var n) && n >= min ? n : throw Bad(key, $"'{text}' is not a whole number of at least {min}");
    }

    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value).OfType<string>())
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static InvalidOperationException Bad(string key, string why) =>
        new($"{Section.Replace(":", "__", StringComparison.Ordinal)}__{key}: {why}");
}
