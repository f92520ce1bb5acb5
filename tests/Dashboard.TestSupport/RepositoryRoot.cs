namespace Dashboard.TestSupport;

/// <summary>The repository's directory (the one with Dashboard.sln), found from the test's output directory.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dashboard.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }
}
