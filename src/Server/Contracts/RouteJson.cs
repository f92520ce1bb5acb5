using System.Text.Json;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

/// <summary>
/// Writes routes in the <see cref="RouteDto"/> JSON form straight from the model: no DTO, no string per
/// address, property names encoded once. What `routedash routes --json` prints for 200,000 routes; a
/// test holds it byte for byte to the source-generated serialisation of <see cref="RouteDto"/>, the
/// contract the API and its clients are typed on.
/// </summary>
public static class RouteJson
{
    private static readonly JsonEncodedText Family = JsonEncodedText.Encode("family"), Table = JsonEncodedText.Encode("table"),
        TableName = JsonEncodedText.Encode("tableName"), Type = JsonEncodedText.Encode("type"), Dst = JsonEncodedText.Encode("dst"),
        Src = JsonEncodedText.Encode("src"), Protocol = JsonEncodedText.Encode("protocol"), Scope = JsonEncodedText.Encode("scope"),
        Metric = JsonEncodedText.Encode("metric"), Pref = JsonEncodedText.Encode("pref"), Prefsrc = JsonEncodedText.Encode("prefsrc"),
        Gateway = JsonEncodedText.Encode("gateway"), ViaFamily = JsonEncodedText.Encode("viaFamily"), Dev = JsonEncodedText.Encode("dev"),
        Flags = JsonEncodedText.Encode("flags"), Nexthops = JsonEncodedText.Encode("nexthops"), Nhid = JsonEncodedText.Encode("nhid"),
        Weight = JsonEncodedText.Encode("weight");

    public static void Write(Utf8JsonWriter w, Route r, VrfTopology names)
    {
        Span<char> text = stackalloc char[50];
        w.WriteStartObject();
        w.WriteString(Family, RouteNames.Family(r.Family));
        w.WriteNumber(Table, r.Table);
        w.WriteString(TableName, VrfTopology.TableName(r.Table));
        w.WriteString(Type, RouteNames.Type(r.Type));
        w.WriteString(Dst, PrefixText(r.Dst, text));
        if (r.Src.IsNone) w.WriteNull(Src); else w.WriteString(Src, PrefixText(r.Src, text));
        w.WriteString(Protocol, RouteNames.Protocol(r.Protocol));
        w.WriteString(Scope, RouteNames.Scope(r.Scope));
        if (r.Metric is { } metric) w.WriteNumber(Metric, metric); else w.WriteNull(Metric);
        if (r.Pref is { } pref) w.WriteString(Pref, RouteNames.Pref(pref)); else w.WriteNull(Pref);
        Address(w, Prefsrc, r.PrefSrc, text);
        Address(w, Gateway, r.Gateway, text);
        if (!r.Gateway.IsNone && r.Gateway.Family != r.Family) w.WriteString(ViaFamily, RouteNames.Family(r.Gateway.Family));
        else w.WriteNull(ViaFamily);
        if (r.Oif != 0) w.WriteString(Dev, names.DeviceName(r.Oif)); else w.WriteNull(Dev);
        FlagList(w, r.Flags);
        w.WriteStartArray(Nexthops);
        foreach (var n in r.Nexthops)
        {
            w.WriteStartObject();
            Address(w, Gateway, n.Gateway, text);
            if (n.Oif != 0) w.WriteString(Dev, names.DeviceName(n.Oif)); else w.WriteNull(Dev);
            w.WriteNumber(Weight, n.Weight);
            FlagList(w, n.Flags);
            if (n.NexthopId != 0) w.WriteNumber(Nhid, n.NexthopId); else w.WriteNull(Nhid);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.NexthopId is { } nhid) w.WriteNumber(Nhid, nhid); else w.WriteNull(Nhid);
        w.WriteEndObject();
    }

    private static void Address(Utf8JsonWriter w, JsonEncodedText name, IpAddr a, Span<char> text)
    {
        if (a.IsNone) w.WriteNull(name);
        else w.WriteString(name, text[..a.Format(text)]);
    }

    private static ReadOnlySpan<char> PrefixText(IpPrefix p, Span<char> text)
    {
        int n = p.Address.Format(text);
        text[n++] = '/';
        p.Length.TryFormat(text[n..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        return text[..(n + written)];
    }

    private static void FlagList(Utf8JsonWriter w, uint flags)
    {
        w.WriteStartArray(Flags);
        if (flags != 0)
            foreach (var f in RouteNames.Flags(flags)) w.WriteStringValue(f);
        w.WriteEndArray();
    }
}
