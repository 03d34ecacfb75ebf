using System.Globalization;

namespace Coc.Core.Auth.Signing;

/// <summary>The X-Sdk-Date format: yyyyMMddTHHmmssZ, always UTC.</summary>
public static class SdkDate
{
    private const string Format = "yyyyMMdd'T'HHmmss'Z'";

    public static string ToHeaderValue(DateTimeOffset date) =>
        date.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(
            value?.Trim(),
            Format,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out date);
}
