using Dashboard.Web.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Ops.Tests;

public sealed class TokenComparerTests
{
    [Fact]
    public void Same_token_matches()
    {
        var hash = TokenComparer.Hash("s3cret-token-value-1234");
        Assert.True(TokenComparer.Matches("s3cret-token-value-1234", hash));
    }

    [Theory]
    [InlineData("s3cret-token-value-1235")]
    [InlineData("s3cret-token-value-123")]
    [InlineData("s3cret-token-value-12345")]
    [InlineData("S3CRET-TOKEN-VALUE-1234")]
    [InlineData("")]
    public void Different_tokens_do_not_match(string presented)
    {
        var hash = TokenComparer.Hash("s3cret-token-value-1234");
        Assert.False(TokenComparer.Matches(presented, hash));
    }

    [Fact]
    public void An_expected_value_that_is_not_a_hash_never_matches()
    {
        Assert.False(TokenComparer.Matches("abc", "abc"u8.ToArray()));
        Assert.False(TokenComparer.Matches("", ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Store_reads_the_file_trimmed_and_grants_roles()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("op"), "  operator-token-0123456789\n");
        File.WriteAllText(dir.File("vw"), "viewer-token-0123456789\n");
        var store = Store(dir.File("op"), dir.File("vw"), new ManualTimeProvider());
        Assert.True(store.OperatorTokenConfigured);
        Assert.Equal(DashboardRoles.Operator, store.RoleFor("operator-token-0123456789"));
        Assert.Equal(DashboardRoles.Viewer, store.RoleFor("viewer-token-0123456789"));
        Assert.Null(store.RoleFor("  operator-token-0123456789\n"));
        Assert.Null(store.RoleFor("operator-token-012345678"));
        Assert.Null(store.RoleFor(""));
    }

    [Fact]
    public void Short_or_missing_token_files_disable_the_token()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("op"), "short\n");
        Assert.False(Store(dir.File("op"), null, new ManualTimeProvider()).OperatorTokenConfigured);
        Assert.Null(Store(dir.File("op"), null, new ManualTimeProvider()).RoleFor("short"));
        Assert.False(Store(dir.File("missing"), null, new ManualTimeProvider()).OperatorTokenConfigured);
        Assert.False(Store(null, null, new ManualTimeProvider()).OperatorTokenConfigured);
    }

    [Fact]
    public void A_rotated_token_file_takes_effect_after_the_refresh_interval()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider();
        File.WriteAllText(dir.File("op"), "first-operator-token-000");
        var store = Store(dir.File("op"), null, time);
        Assert.Equal(DashboardRoles.Operator, store.RoleFor("first-operator-token-000"));
        var firstStamp = store.StampFor(DashboardRoles.Operator);

        File.WriteAllText(dir.File("op"), "second-operator-token-000");
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(store.RoleFor("first-operator-token-000"));
        Assert.Equal(DashboardRoles.Operator, store.RoleFor("second-operator-token-000"));
        Assert.NotEqual(firstStamp, store.StampFor(DashboardRoles.Operator));
    }

    internal static StaticTokenStore Store(string? operatorFile, string? viewerFile, TimeProvider time) =>
        new(Options.Create(new DashboardOptions { OperatorTokenFile = operatorFile, ViewerTokenFile = viewerFile }),
            NullLogger<StaticTokenStore>.Instance, time);
}
