using System.Globalization;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests.Metrics;

/// <summary>One sample line of the Prometheus text format: <c>name{label="value",…} value</c>.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A <c>/metrics</c> answer, parsed; sums the samples of a name whose labels include the ones asked for.</summary>
public sealed partial class ScrapedMetrics(IReadOnlyList<Sample> samples, string text)
{
    public IReadOnlyList<Sample> Samples => samples;

    public string Text => text;

    public static ScrapedMetrics Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(m.Groups["labels"].Value)
                .ToDictionary(l => l.Groups["name"].Value, l => Regex.Unescape(l.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return new ScrapedMetrics(samples, text);
    }

    public bool Has(string name) => samples.Any(s => s.Name == name);

    /// <summary>The sum over the samples of <paramref name="name"/> carrying every label given as name=value.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
