using System.Text.Json;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// libcni's record of past ADDs: <c>&lt;cacheDir&gt;/results/&lt;network&gt;-&lt;containerID&gt;-&lt;ifname&gt;</c>, a JSON
/// object of kind "cniCacheV1" with containerId, ifName, networkName, netns and cniArgs — the CNI_ARGS
/// pairs as a list of [key, value] arrays, where container runtimes put K8S_POD_NAMESPACE,
/// K8S_POD_NAME and K8S_POD_UID. Older (pre-v1) cache files hold only the result and are skipped.
/// </summary>
public static class CniCache
{
    public sealed record Attachment(string ContainerId, string IfName, string NetworkName, string? NetnsPath, PodRef? Pod);

    /// <summary>Every readable v1 attachment under <paramref name="cacheRoot"/>; an absent directory gives none.</summary>
    public static List<Attachment> ReadAll(string cacheRoot)
    {
        var found = new List<Attachment>();
        string dir = Path.Combine(cacheRoot, "results");
        IEnumerable<string> files;
        try { files = Directory.EnumerateFiles(dir); }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException) { return found; }
        try
        {
            foreach (var file in files)
            {
                byte[] bytes;
                // The runtime deletes a file when its pod goes: between listing and reading is normal.
                try { bytes = File.ReadAllBytes(file); }
                catch (Exception e) when (e is FileNotFoundException or UnauthorizedAccessException or DirectoryNotFoundException) { continue; }
                var attachment = Parse(bytes);
                if (attachment is not null) found.Add(attachment);
            }
        }
        catch (DirectoryNotFoundException) { }
        return found;
    }

    /// <summary>Parses one cache file; null when it is not a v1 attachment record.</summary>
    public static Attachment? Parse(ReadOnlySpan<byte> json)
    {
        string? kind = null, containerId = null, ifName = null, network = null, netns = null;
        string? podNamespace = null, podName = null, podUid = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string property = reader.GetString()!;
                reader.Read();
                switch (property)
                {
                    case "kind": kind = StringOrNull(ref reader); break;
                    case "containerId": containerId = StringOrNull(ref reader); break;
                    case "ifName": ifName = StringOrNull(ref reader); break;
                    case "networkName": network = StringOrNull(ref reader); break;
                    case "netns": netns = StringOrNull(ref reader); break;
                    case "cniArgs": ReadArgs(ref reader, ref podNamespace, ref podName, ref podUid); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException) { return null; }
        if (kind != "cniCacheV1" || string.IsNullOrEmpty(containerId)) return null;
        PodRef? pod = podName is not null || podUid is not null ? new PodRef(podNamespace, podName, podUid) : null;
        return new Attachment(containerId, ifName ?? "", network ?? "", string.IsNullOrEmpty(netns) ? null : netns, pod);
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    private static void ReadArgs(ref Utf8JsonReader reader, ref string? ns, ref string? name, ref string? uid)
    {
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
            string? key = null, value = null;
            int index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var s = StringOrNull(ref reader);
                if (index == 0) key = s; else if (index == 1) value = s;
                index++;
            }
            if (string.IsNullOrEmpty(value)) continue;
            switch (key)
            {
                case "K8S_POD_NAMESPACE": ns = value; break;
                case "K8S_POD_NAME": name = value; break;
                case "K8S_POD_UID": uid = value; break;
            }
        }
    }
}
