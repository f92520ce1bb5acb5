using MudBlazor;

namespace Dashboard.Web.Components.Layout;

/// <summary>
/// Light and dark palettes. Fonts are the system's own: nodes are often offline, so nothing is
/// fetched from a font service. Red (error) and amber (warning) are kept for findings.
/// </summary>
public static class DashboardTheme
{
    private static readonly string[] SansSerif = ["system-ui", "-apple-system", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Value = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            AppbarBackground = "#263238",
            Error = "#c62828",
            Warning = "#ef8f00",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            AppbarBackground = "#1b1f24",
            Background = "#121417",
            Surface = "#1c2026",
            Error = "#ef5350",
            Warning = "#ffb300",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SansSerif },
            H1 = new H1Typography { FontFamily = SansSerif },
            H2 = new H2Typography { FontFamily = SansSerif },
            H3 = new H3Typography { FontFamily = SansSerif },
            H4 = new H4Typography { FontFamily = SansSerif },
            H5 = new H5Typography { FontFamily = SansSerif },
            H6 = new H6Typography { FontFamily = SansSerif },
            Subtitle1 = new Subtitle1Typography { FontFamily = SansSerif },
            Subtitle2 = new Subtitle2Typography { FontFamily = SansSerif },
            Body1 = new Body1Typography { FontFamily = SansSerif },
            Body2 = new Body2Typography { FontFamily = SansSerif },
            Button = new ButtonTypography { FontFamily = SansSerif, TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = SansSerif },
            Overline = new OverlineTypography { FontFamily = SansSerif },
        },
    };
}
