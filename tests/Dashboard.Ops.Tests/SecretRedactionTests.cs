using Dashboard.Web.Security;

namespace Dashboard.Ops.Tests;

/// <summary>What the log pipeline masks (item 2 of issue 9): the forms secrets take in text about requests, and prose that must stay readable.</summary>
public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:5080/hubs/routes?id=x1&access_token=s3cr3t-value - - -",
                "Request starting HTTP/1.1 GET http://127.0.0.1:5080/hubs/routes?id=x1&access_token=*** - - -")]
    [InlineData("GET /x?access_token=s3cr3t-value&other=1", "GET /x?access_token=***&other=1")]
    [InlineData("/auth/oidc/callback?code=s3cr3t-value&state=abc", "/auth/oidc/callback?code=***&state=abc")]
    [InlineData("token=s3cr3t-value&returnUrl=%2F", "token=***&returnUrl=%2F")]
    [InlineData("Authorization: Bearer s3cr3t-value-0123", "Authorization: ***")]
    [InlineData("[Authorization, Bearer s3cr3t-value-0123]", "[Authorization, ***]")]
    [InlineData("header Bearer s3cr3t-value-0123 seen", "header Bearer *** seen")]
    [InlineData("Cookie: routedash.auth=CfDJ8s3cr3t; other=1", "Cookie: ***")]
    [InlineData("cookies routedash.auth=CfDJ8s3cr3t; .AspNetCore.Antiforgery.xyz=CfDJ8more", "cookies routedash.auth=***; .AspNetCore.Antiforgery.xyz=***")]
    public void Secrets_are_masked_and_their_names_kept(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Theory]
    [InlineData("Rejected a bearer token from 127.0.0.1 for /api/namespaces")]
    [InlineData("Token sign-in as operator from 127.0.0.1")]
    [InlineData("Listening on http://127.0.0.1:5080; changes: operators only (the token in Dashboard__OperatorTokenFile)")]
    [InlineData("Cannot keep cookie keys under /var/lib/routedash/")]
    [InlineData("GET /api/namespaces/host/routes?table=main&family=inet6")]
    public void Text_without_secrets_is_left_as_it_is(string text) =>
        Assert.Same(text, SecretRedaction.Redact(text));
}
