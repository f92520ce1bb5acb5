using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Cluster;

/// <summary>One series of an instant query's answer: its labels and its value.</summary>
public sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";
}

/// <summary>Prometheus could not be asked (<see cref="Unreachable"/>) or gave no usable answer.</summary>
public sealed class PrometheusException(string message, bool unreachable, Exception? inner = null) : Exception(message, inner)
{
    public bool Unreachable { get; } = unreachable;
}

/// <summary>Instant queries over Prometheus's HTTP API (GET /api/v1/query), as Kiali reads it.</summary>
public sealed class PrometheusClient(IHttpClientFactory clients, IOptions<ClusterOptions> options)
{
    private readonly ClusterOptions _options = options.Value;

    public string BaseUrl => _options.PrometheusUrl!.TrimEnd('/');

    public async Task<IReadOnlyList<PromSeries>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{BaseUrl}/api/v1/query?query={Uri.EscapeDataString(query)}");
        if (Token() is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.QueryTimeout);
        HttpResponseMessage response;
        // A client per query from the factory: its handlers are pooled and renewed, so DNS changes are followed.
        var http = clients.CreateClient(nameof(PrometheusClient));
        try { response = await http.SendAsync(request, timeout.Token); }
        catch (HttpRequestException e)
        {
            throw new PrometheusException($"Prometheus at {BaseUrl} is unreachable: {e.Message}", unreachable: true, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus at {BaseUrl} did not answer within {_options.QueryTimeout.TotalSeconds:0} s", unreachable: true, e);
        }
        using (response)
        {
            JsonDocument body;
            try { body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken); }
            catch (JsonException)
            {
                throw new PrometheusException($"Prometheus at {BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase} without a JSON body: is it Prometheus?", unreachable: false);
            }
            using (body)
            {
                var root = body.RootElement;
                if (root.TryGetProperty("status", out var status) && status.GetString() == "success")
                    return Vector(root.GetProperty("data"));
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : $"HTTP {(int)response.StatusCode}";
                throw new PrometheusException($"Prometheus at {BaseUrl} refused the query: {error}", unreachable: false);
            }
        }
    }

    private static List<PromSeries> Vector(JsonElement data)
    {
        var series = new List<PromSeries>();
        if (data.GetProperty("resultType").GetString() != "vector") return series;
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in item.GetProperty("metric").EnumerateObject()) labels[label.Name] = label.Value.GetString() ?? "";
            var value = item.GetProperty("value")[1].GetString();
            series.Add(new PromSeries(labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value!, NumberStyles.Float, CultureInfo.InvariantCulture),
            }));
        }
        return series;
    }

    private string? Token()
    {
        if (string.IsNullOrWhiteSpace(_options.PrometheusTokenFile)) return null;
        try { return File.ReadAllText(_options.PrometheusTokenFile).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PrometheusException($"cannot read the Prometheus token file {_options.PrometheusTokenFile}: {e.Message}", unreachable: false, e);
        }
    }
}
