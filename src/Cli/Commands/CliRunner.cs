using System.CommandLine;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;

namespace Dashboard.Cli.Commands;

/// <summary>Parses, runs, and turns every failure into an exit code with one line on stderr.</summary>
public static class CliRunner
{
    public const int Ok = 0, Error = 1, Usage = 2, Findings = 3;

    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine($"routedash: {e.Message}");
            return Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>Runs a command body, mapping the errors an operator can meet to precise messages.</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (UsageException e) { return Fail(Usage, e.Message); }
        catch (ArgumentException e)
        {
            // The "(Parameter 'x')" suffix is for programmers, not operators.
            return Fail(Usage, e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", ""));
        }
        catch (NamespaceNotFoundException e) { return Fail(Usage, e.Message); }
        catch (NetlinkException e) { return Fail(Error, e.Message); }
        catch (NetlinkParseException e) { return Fail(Error, $"malformed netlink message: {e.Message}"); }
        catch (IOException e) { return Fail(Error, e.Message); }
        catch (TimeoutException e) { return Fail(Error, e.Message); }
        catch (UnauthorizedAccessException e) { return Fail(Error, $"{e.Message} (run as root)"); }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"routedash: {message.ReplaceLineEndings(" ")}");
        return code;
    }
}

/// <summary>Bad usage found after parsing (an unknown table name, say): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
