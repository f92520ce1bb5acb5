namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// Runs the published native routedash as a separate process, as an operator would (`routedash …`):
/// ROUTEDASH_PUBLISHED's, or published on first use (see <see cref="PublishedNative"/>).
/// </summary>
public static class Routedash
{
    public static string Executable => PublishedNative.Routedash.Executable;

    public static Shell.Result Run(params string[] args) => Shell.Run(Executable, args);
}
