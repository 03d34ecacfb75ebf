using System.Security.Cryptography;

namespace Coc.Core.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes, stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> so that a hash made at an
/// older count still verifies (and is then rehashed, see <see cref="NeedsRehash"/>).
/// </summary>
public class PasswordHasher
{
    /// <summary>OWASP's Password Storage Cheat Sheet for PBKDF2-HMAC-SHA256.</summary>
    public const int RecommendedIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(int iterations = RecommendedIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Iterations = iterations;
        _dummyHash = new(() => Hash(Secrets.NewSecretKey()));
    }

    public int Iterations { get; }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Checks at the count stored with the hash; false for anything that is not such a hash.</summary>
    public virtual bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || IterationsOf(stored) is not { } iterations) return false;
        var salt = new byte[parts[2].Length];
        var expected = new byte[parts[3].Length];
        if (!Convert.TryFromBase64String(parts[2], salt, out var saltLength) || !Convert.TryFromBase64String(parts[3], expected, out var length))
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt.AsSpan(0, saltLength), iterations, HashAlgorithmName.SHA256, length);
        return CryptographicOperations.FixedTimeEquals(actual, expected.AsSpan(0, length));
    }

    /// <summary>The same work as <see cref="Verify"/> for an existing user, against a hash of a random password:
    /// a sign-in for an unknown user takes as long as one for a known user (no user enumeration by timing).</summary>
    public bool VerifyDummy(string password)
    {
        Verify(password, _dummyHash.Value);
        return false;
    }

    public bool NeedsRehash(string stored) => IterationsOf(stored) is { } iterations && iterations < Iterations;

    public static int? IterationsOf(string stored)
    {
        var parts = stored.Split('$');
        return parts.Length == 4 && parts[0] == Scheme && int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var n) && n > 0
            ? n : null;
    }
}
