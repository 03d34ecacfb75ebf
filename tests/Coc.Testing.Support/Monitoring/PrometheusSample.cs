using System.Globalization;
using System.Text.Json;

namespace Coc.Testing.Support.Monitoring;

/// <summary>One sample of an instant query's answer: its labels (empty for a scalar), time and value.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, DateTimeOffset Time, double Value)
{
    /// <summary>Reads the <c>[unix seconds, "value"]</c> pair Prometheus answers with.</summary>
    internal static PrometheusSample Parse(IReadOnlyDictionary<string, string> labels, JsonElement pair) =>
        new(labels,
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000)),
            ParseValue(pair[1].GetString()!));

    // Prometheus writes special values as Go does: "NaN", "+Inf", "-Inf".
    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
