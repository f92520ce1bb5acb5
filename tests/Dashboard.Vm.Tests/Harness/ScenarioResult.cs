using System.Globalization;
using System.Text.Json;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>What one scenario left in its result folder: io/results/NAME/{exit_code,stdout,stderr,duration_ms,files/}.</summary>
public sealed class ScenarioResult
{
    private ScenarioResult(string name, string directory)
    {
        Name = name;
        Directory = directory;
        ExitCode = int.Parse(File.ReadAllText(Path.Combine(directory, "exit_code")).Trim(), CultureInfo.InvariantCulture);
        Stdout = File.ReadAllText(Path.Combine(directory, "stdout"));
        Stderr = File.ReadAllText(Path.Combine(directory, "stderr"));
        Duration = TimeSpan.FromMilliseconds(
            long.Parse(File.ReadAllText(Path.Combine(directory, "duration_ms")).Trim(), CultureInfo.InvariantCulture));
        TimedOut = File.Exists(Path.Combine(directory, "timed_out"));
    }

    public string Name { get; }
    public string Directory { get; }
    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }
    public TimeSpan Duration { get; }
    public bool TimedOut { get; }

    /// <summary>The folder the script saw as $SCENARIO_OUT.</summary>
    public string FilesDirectory => Path.Combine(Directory, "files");

    /// <summary>Null when the scenario never finished (exit_code is written last).</summary>
    internal static ScenarioResult? TryLoad(string name, string directory) =>
        File.Exists(Path.Combine(directory, "exit_code")) ? new ScenarioResult(name, directory) : null;

    public string ReadFile(string fileName)
    {
        var path = Path.Combine(FilesDirectory, fileName);
        if (!File.Exists(path))
            Assert.Fail($"scenario {Name} wrote no {fileName} into $SCENARIO_OUT.\n{Describe()}");
        return File.ReadAllText(path);
    }

    public JsonElement ReadJson(string fileName)
    {
        var text = ReadFile(fileName);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"scenario {Name}: {fileName} is not JSON ({e.Message}):\n{text}");
            throw;
        }
    }

    /// <summary>Fails the test with the script's output when it did not exit 0.</summary>
    public ScenarioResult EnsureSucceeded()
    {
        if (ExitCode != 0)
            Assert.Fail($"scenario {Name} exited {ExitCode}{(TimedOut ? " (timed out)" : "")}.\n{Describe()}");
        return this;
    }

    public string Describe() =>
        $"--- {Name} stdout ---\n{Stdout}\n--- {Name} stderr ---\n{Stderr}\n--- results in {Directory}";
}
