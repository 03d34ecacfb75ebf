using System.Text.Json;
using Coc.Core.Alarms;
using Coc.Core.Tests.Tickets;

namespace Coc.Core.Tests.Alarms;

/// <summary>alarms.md, Transfer rules: validated when saved, 400 naming the field; defaults filled in.</summary>
public class TransferRuleTests
{
    private static TransferRule Parse(string json) => TransferRule.Parse(JsonDocument.Parse(json).RootElement, Harness.SecureRules);

    [Fact]
    public void Absent_keys_take_the_defaults_of_the_spec()
    {
        var rule = Parse($$"""{"assignee": "{{Harness.OnCall}}", "creator": "{{Harness.OnCall}}"}""");

        Assert.Equal([Importance.Urgent, Importance.Major], rule.AutoIncidentImportances);
        Assert.Equal("level_20", rule.LevelMap[Importance.Urgent]);
        Assert.Equal("level_50", rule.LevelMap[Importance.Warn]);
        Assert.Equal("inc_type_p_reliability_issues", rule.IncidentType);
        Assert.Equal("severity", rule.SeverityLabel);
        Assert.Equal(Importance.Minor, rule.DefaultImportance);
        Assert.Equal("0", rule.EnterpriseProject);
        Assert.Equal("application", rule.ApplicationLabel);
        Assert.Equal("region", rule.RegionLabel);
    }

    [Theory]
    [InlineData("""{"auto_incident_importances": ["urgent"], "creator": "ops-alice"}""", "transfer_rule.assignee")]
    [InlineData("""{"auto_incident_importances": ["urgent"], "assignee": "ops-alice"}""", "transfer_rule.creator")]
    [InlineData("""{"auto_incident_importances": ["severe"]}""", "transfer_rule.auto_incident_importances[0]")]
    [InlineData("""{"auto_incident_importances": "urgent"}""", "transfer_rule.auto_incident_importances")]
    [InlineData("""{"auto_incident_importances": [], "level_map": {"urgent": "level_99"}}""", "transfer_rule.level_map.urgent")]
    [InlineData("""{"auto_incident_importances": [], "level_map": {"severe": "level_10"}}""", "transfer_rule.level_map.severe")]
    [InlineData("""{"auto_incident_importances": [], "incident_type": "inc_type_nope"}""", "transfer_rule.incident_type")]
    [InlineData("""{"auto_incident_importances": [], "severity_map": {"p1": "huge"}}""", "transfer_rule.severity_map.p1")]
    [InlineData("""{"auto_incident_importances": [], "default_importance": "huge"}""", "transfer_rule.default_importance")]
    [InlineData("""{"auto_incident_importances": [], "assignee_scene": "s"}""", "transfer_rule.assignee_role")]
    [InlineData("""{"auto_incident_importances": [], "assignee": "nobody-known"}""", "transfer_rule.assignee")]
    [InlineData("""{"auto_incident_importances": [], "creator": 5}""", "transfer_rule.creator")]
    [InlineData("""[1]""", "transfer_rule")]
    public void A_bad_rule_is_400_naming_the_field(string json, string field) => CocAssert.Invalid(() => Parse(json), field);

    [Fact]
    public void Templates_render_labels_annotations_and_alarm_fields()
    {
        var alarm = new Alarm
        {
            Id = "ALM1", Project = "p", IntegrationId = "i", IntegrationType = "prometheus", IntegrationName = "n", SourceKey = "f", GroupKey = "g",
            Name = "HighCPU", Importance = Importance.Urgent, ComeFrom = "Prometheus", Status = Alarm.Alarming, ConvergeCount = 1, CreateTime = 1,
            UpdateTime = 1, FirstOccurTime = 1, LastOccurTime = 1, Labels = new Dictionary<string, string> { ["alertname"] = "HighCPU" },
            Annotations = new Dictionary<string, string> { ["summary"] = "hot" }, Region = "r1",
        };

        Assert.Equal("HighCPU: hot", AlarmTemplates.Render(AlarmTemplates.PrometheusTitle, alarm, 200));
        Assert.Equal("$5 urgent in r1 () ALM1", AlarmTemplates.Render("$$5 ${alarm.importance} in ${alarm.region} (${labels.nope}${alarm.nope}) ${alarm.id}", alarm, 200));
        Assert.Equal("HighC", AlarmTemplates.Render("${alarm.name}", alarm, 5));
    }

    [Fact]
    public void Keys_are_32_alphanumerics_kept_as_sha256()
    {
        var a = IntegrationKeys.Generate();
        var b = IntegrationKeys.Generate();

        Assert.Matches("^[A-Za-z0-9]{32}$", a);
        Assert.NotEqual(a, b);
        Assert.True(IntegrationKeys.IsWellFormed(a));
        Assert.False(IntegrationKeys.IsWellFormed(a[..31]));
        Assert.False(IntegrationKeys.IsWellFormed(a[..31] + "-"));
        Assert.Equal(64, IntegrationKeys.Hash(a).Length);
        Assert.DoesNotContain(a, IntegrationKeys.Hash(a));
        Assert.Equal("/v1/event/prometheus/***", IntegrationKeys.MaskInPath("/v1/event/prometheus/" + a));
        Assert.Equal("/v1/event/huawei/custom/***", IntegrationKeys.MaskInPath("/v1/event/huawei/custom/" + a));
        Assert.Equal("/v1/incident-tickets", IntegrationKeys.MaskInPath("/v1/incident-tickets"));
    }
}
