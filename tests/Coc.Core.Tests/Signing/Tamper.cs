namespace Coc.Core.Tests.Signing;

/// <summary>One-byte changes. XOR 1 never turns a letter into its other case, so a change can't
/// vanish in case-insensitive handling (hex escapes, method upper-casing).</summary>
internal static class Tamper
{
    public static string Flip(string value, int index)
    {
        var chars = value.ToCharArray();
        chars[index] = (char)(chars[index] ^ 1);
        return new string(chars);
    }

    public static string FlipLast(string value) => Flip(value, value.Length - 1);

    public static byte[] Flip(byte[] value, int index)
    {
        var copy = (byte[])value.Clone();
        copy[index] ^= 1;
        return copy;
    }
}
