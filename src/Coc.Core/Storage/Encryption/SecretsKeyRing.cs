using System.Security.Cryptography;
using System.Text;

namespace Coc.Core.Storage.Encryption;

/// <summary>
/// The keys that encrypt secrets at rest (access keys' SKs and security tokens) with AES-256-GCM. A stored value is
/// <c>enc:v1:KEYID:BASE64(nonce | ciphertext | tag)</c>, with a random 12-byte nonce per value and the value's place
/// (table, column, row) as associated data, so a value copied to another row does not decrypt. New values use the
/// current key; any key of the ring decrypts, which is what lets keys rotate. A key id is the start of the key's
/// SHA-256, so the same key has the same id wherever it is configured.
/// </summary>
public sealed class SecretsKeyRing
{
    public const string Prefix = "enc:v1:";
    private const int KeyBytes = 32, NonceBytes = 12, TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly IReadOnlyList<byte[]> _ordered;

    private SecretsKeyRing(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0) throw new SecretsKeyException("A secrets key ring needs at least one key.");
        foreach (var key in keys)
            if (key.Length != KeyBytes) throw new SecretsKeyException($"A secrets key must be {KeyBytes} bytes (base64 of 32 random bytes), not {key.Length}.");
        _ordered = keys;
        _keys = keys.DistinctBy(KeyIdOf).ToDictionary(KeyIdOf, k => k, StringComparer.Ordinal);
        CurrentKeyId = KeyIdOf(keys[0]);
    }

    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public static SecretsKeyRing Generate() => new([RandomNumberGenerator.GetBytes(KeyBytes)]);

    /// <summary>Base64 keys separated by commas or line breaks, the current one first (the key file's and
    /// <c>COC_SECRETS_KEY</c>'s format).</summary>
    public static SecretsKeyRing Parse(string text)
    {
        var keys = new List<byte[]>();
        foreach (var part in text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bytes = new byte[part.Length];
            if (!Convert.TryFromBase64String(part, bytes, out var length))
                throw new SecretsKeyException("A secrets key is not valid base64 (expected base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
            keys.Add(bytes[..length]);
        }
        return new SecretsKeyRing(keys);
    }

    /// <summary>A ring whose current key is a new random one, the old keys kept for reading.</summary>
    public SecretsKeyRing WithNewCurrentKey() => new([RandomNumberGenerator.GetBytes(KeyBytes), .. _ordered]);

    /// <summary>The whole ring in <see cref="Parse"/>'s format (one key a line, the current first).</summary>
    public string Export() => string.Join('\n', _ordered.Select(Convert.ToBase64String)) + "\n";

    public string ExportCurrent() => Convert.ToBase64String(_ordered[0]);

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The id of the key a stored value was encrypted with; null for a plaintext value.</summary>
    public static string? KeyIdOf(string stored) =>
        IsProtected(stored) && stored.IndexOf(':', Prefix.Length) is var end and > 0 ? stored[Prefix.Length..end] : null;

    public bool CanRead(string stored) => KeyIdOf(stored) is not { } id || _keys.ContainsKey(id);

    public string Protect(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[CurrentKeyId], TagBytes);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceBytes, plain.Length), sealedValue.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(context));
        return $"{Prefix}{CurrentKeyId}:{Convert.ToBase64String(sealedValue)}";
    }

    /// <summary>The plaintext of a stored value; a value without the prefix (not yet migrated) is returned as it is.</summary>
    public string Unprotect(string stored, string context)
    {
        if (KeyIdOf(stored) is not { } id) return stored;
        if (!_keys.TryGetValue(id, out var key)) throw SecretsKeyMissingException.For(id);
        var body = stored[(Prefix.Length + id.Length + 1)..];
        var sealedValue = new byte[body.Length];
        if (!Convert.TryFromBase64String(body, sealedValue, out var length) || length < NonceBytes + TagBytes)
            throw new SecretsKeyException($"A stored secret encrypted with key {id} is damaged (not base64, or too short).");
        var cipherLength = length - NonceBytes - TagBytes;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, cipherLength),
                sealedValue.AsSpan(NonceBytes + cipherLength, TagBytes), plain, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretsKeyException($"A stored secret encrypted with key {id} does not authenticate ({context}): it was altered or moved.");
        }
        return Encoding.UTF8.GetString(plain);
    }

    private static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..12];
}

/// <summary>A secrets key is malformed, or a stored secret cannot be decrypted.</summary>
public class SecretsKeyException(string message) : Exception(message);

/// <summary>The database holds secrets encrypted with a key the server was not given.</summary>
public sealed class SecretsKeyMissingException(string message) : SecretsKeyException(message)
{
    public static SecretsKeyMissingException For(string keyId) => new(
        $"The database holds secrets encrypted with key {keyId}, which is not in the key ring. Give the server the key ring it " +
        "was written with: the key file (Coc:SecretsKeyFile, default secrets.key beside the SQLite file) or COC_SECRETS_KEY. " +
        "The server does not start without it, rather than create a new key that cannot read them.");
}
