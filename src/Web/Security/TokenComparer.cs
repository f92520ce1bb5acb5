using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Security;

/// <summary>
/// Compares a presented token with the configured one without leaking, through timing, how much of
/// it matched or how long it is: both sides are hashed to a fixed length first, and the hashes are
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>.
/// </summary>
public static class TokenComparer
{
    public static byte[] Hash(ReadOnlySpan<char> token)
    {
        var bytes = Encoding.UTF8.GetBytes(token.ToArray());
        try { return SHA256.HashData(bytes); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    public static bool Matches(ReadOnlySpan<char> presented, ReadOnlySpan<byte> expectedHash)
    {
        if (expectedHash.Length != SHA256.HashSizeInBytes) return false;
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        try
        {
            SHA256.HashData(bytes, actual);
            return CryptographicOperations.FixedTimeEquals(actual, expectedHash);
        }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }
}
