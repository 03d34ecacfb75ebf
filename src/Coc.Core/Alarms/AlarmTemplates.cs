using System.Text;

namespace Coc.Core.Alarms;

/// <summary>
/// Title and description templates of a transfer rule: <c>${labels.X}</c>, <c>${annotations.X}</c>,
/// <c>${alarm.name|desc|importance|source|region|resource_name|id}</c>; unknown or missing is empty; <c>$$</c> is <c>$</c>.
/// </summary>
public static class AlarmTemplates
{
    public const string PrometheusTitle = "${labels.alertname}: ${annotations.summary}";
    public const string PrometheusDescription = "${annotations.description}";
    public const string CustomTitle = "${alarm.name}";
    public const string CustomDescription = "${alarm.desc}";

    public static string Render(string template, Alarm alarm, int maxLength)
    {
        var text = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length) { text.Append(c); continue; }
            if (template[i + 1] == '$') { text.Append('$'); i++; continue; }
            var end = template[i + 1] == '{' ? template.IndexOf('}', i + 2) : -1;
            if (end < 0) { text.Append(c); continue; }
            text.Append(Value(template[(i + 2)..end], alarm));
            i = end;
        }
        var rendered = text.ToString().Trim();
        return rendered.Length > maxLength ? rendered[..maxLength] : rendered;
    }

    private static string Value(string name, Alarm alarm)
    {
        if (name.StartsWith("labels.", StringComparison.Ordinal))
            return alarm.Labels?.GetValueOrDefault(name["labels.".Length..]) ?? "";
        if (name.StartsWith("annotations.", StringComparison.Ordinal))
            return alarm.Annotations?.GetValueOrDefault(name["annotations.".Length..]) ?? "";
        return name switch
        {
            "alarm.name" => alarm.Name,
            "alarm.desc" => alarm.Description ?? "",
            "alarm.importance" => alarm.Importance,
            "alarm.source" => alarm.ComeFrom,
            "alarm.region" => alarm.Region ?? "",
            "alarm.resource_name" => alarm.ResourceName ?? "",
            "alarm.id" => alarm.Id,
            _ => "",
        };
    }
}
