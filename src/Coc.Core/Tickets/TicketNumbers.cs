using System.Globalization;
using System.Security.Cryptography;

namespace Coc.Core.Tickets;

/// <summary>
/// <c>IM</c> / <c>WR</c> + local <c>yyyyMMddHHmmss</c> (UTC+8 by default, as the real service) + 10 random digits.
/// Random digits need no coordination between instances; the database's unique index and a retry make a
/// collision impossible, and since nothing is ever deleted a number is never reused.
/// </summary>
public sealed class TicketNumbers(TimeSpan utcOffset)
{
    public static readonly TimeSpan DefaultOffset = TimeSpan.FromHours(8);

    public string NewTicketNumber(long atMs) => Next("IM", atMs);
    public string NewWarRoomId(long atMs) => Next("WR", atMs);

    /// <summary>An auto-process record's work-order id: <c>WO</c> + local time + 10 digits (alarms.md).</summary>
    public string NewWorkOrderId(long atMs) => Next("WO", atMs);

    /// <summary><c>ALM</c> + local time + 9 characters <c>A-Za-z0-9</c> = 26 characters (alarms.md, The alarm).</summary>
    public string NewAlarmId(long atMs)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(utcOffset);
        return string.Create(CultureInfo.InvariantCulture, $"ALM{local:yyyyMMddHHmmss}")
            + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 9);
    }

    private string Next(string prefix, long atMs)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(utcOffset);
        var digits = RandomNumberGenerator.GetInt32(100_000) * 100_000L + RandomNumberGenerator.GetInt32(100_000);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{local:yyyyMMddHHmmss}{digits:D10}");
    }
}
