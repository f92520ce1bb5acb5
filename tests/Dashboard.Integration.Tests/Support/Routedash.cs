namespace Dashboard.Integration.Tests.Support;

/// <summary>Runs the built routedash CLI as a separate process, as an operator would.</summary>
public static class Routedash
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "routedash.dll");

    public static Shell.Result Run(params string[] args)
    {
        Assert.True(File.Exists(Dll), $"routedash.dll not next to the tests at {Dll}");
        return Shell.Run("dotnet", [Dll, .. args]);
    }
}
