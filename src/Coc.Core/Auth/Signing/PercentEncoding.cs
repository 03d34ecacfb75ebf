using System.Text;

namespace Coc.Core.Auth.Signing;

/// <summary>
/// The signer's percent-encoding: works on UTF-8 bytes, leaves only A-Z a-z 0-9 - _ . ~ literal,
/// writes upper-case hex.
/// </summary>
internal static class PercentEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>
    /// Decodes %XX escapes to bytes. A '%' not followed by two hex digits stays literal and
    /// '+' stays '+': the SDKs never send either as an escape for something else.
    /// </summary>
    public static byte[] Decode(string raw)
    {
        var input = Encoding.UTF8.GetBytes(raw);
        var output = new byte[input.Length];
        var n = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '%' && i + 2 < input.Length
                && TryHex(input[i + 1], out var hi) && TryHex(input[i + 2], out var lo))
            {
                output[n++] = (byte)(hi << 4 | lo);
                i += 2;
            }
            else
            {
                output[n++] = input[i];
            }
        }
        return output[..n];
    }

    public static void Encode(ReadOnlySpan<byte> bytes, StringBuilder into)
    {
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                into.Append((char)b);
            }
            else
            {
                into.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        Encode(bytes, builder);
        return builder.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
