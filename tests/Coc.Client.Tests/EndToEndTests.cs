using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coc.Client.Tests;

/// <summary>The typed client against the real server started in process by <see cref="CocEmulator"/>.</summary>
public sealed class EndToEndTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_ticket_goes_from_create_to_completed_and_its_history_says_so()
    {
        var client = fixture.InOwnProject();

        var number = await client.CreateIncidentAsync(Requests.Create());
        await client.HandleIncidentAsync(number, "acceptedIncident1", People.Alice);
        await client.HandleIncidentAsync(number, "commitSolution1", People.Alice, new JsonObject
        {
            ["mtm_type"] = "inc_type_p_config_issues", ["is_service_interrupt"] = false, ["cause"] = "a full disk", ["solution"] = "rotated the logs",
        });
        await client.HandleIncidentAsync(number, "confirm", People.Carol, new JsonObject
        {
            ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "checked",
        });

        var details = await client.GetIncidentAsync(number);
        Assert.Equal(number, details.IncidentNum);
        Assert.Equal("INCIDENT_STATUS_COMPLETED", details.Status);
        Assert.Equal([People.Alice], details.IncidentAssignee);
        Assert.NotNull(details.AcceptTime);
        var history = await client.ListHistoriesAsync(ListHistoriesRequest.ForTickets(number));
        Assert.Equal(["create", "acceptedIncident1", "commitSolution1", "confirm"], history.Info.Select(h => h.Action));
        Assert.Equal(4, history.Total);
    }

    [Fact]
    public async Task A_4xx_surfaces_as_a_CocApiException_with_the_code_message_status_and_request_id()
    {
        var client = fixture.InOwnProject();

        var missing = await Assert.ThrowsAsync<CocApiException>(() => client.GetIncidentAsync("IM202403221515060171753781"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.HttpStatus);
        Assert.Equal("COC.00067003", missing.ErrorCode);
        Assert.False(string.IsNullOrEmpty(missing.ErrorMessage));
        Assert.False(string.IsNullOrEmpty(missing.RequestId));

        var number = await client.CreateIncidentAsync(Requests.Create());
        var refused = await Assert.ThrowsAsync<CocApiException>(() => client.HandleIncidentAsync(number, "noSuchOperation", People.Alice));
        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatus);
        Assert.Equal("GOM.00007256", refused.ErrorCode);
        Assert.Contains("operate_key", refused.ErrorMessage);
        Assert.NotEqual(missing.RequestId, refused.RequestId);
    }

    [Fact]
    public async Task Paging_over_the_list_yields_every_ticket_once_newest_first()
    {
        var client = fixture.InOwnProject();
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add(await client.CreateIncidentAsync(Requests.Create($"ticket {i}")));

        var seen = new List<string>();
        await foreach (var ticket in client.ListAllIncidentsAsync(pageSize: 2)) seen.Add(ticket.TicketId);

        Assert.Equal(created.AsEnumerable().Reverse(), seen);
        Assert.Equal(5, (await client.ListIncidentsAsync(page: 3, limit: 2)).Total);
        Assert.Single((await client.ListIncidentsAsync(page: 3, limit: 2)).IncidentSimpleTicketInfos);
    }

    [Fact]
    public async Task V2_tasks_and_an_action_accept_the_ticket_and_the_v2_histories_show_it()
    {
        var client = fixture.InOwnProject();
        var number = await client.CreateIncidentAsync(Requests.Create());

        var tasks = await client.GetIncidentTasksAsync(number);
        var accept = tasks.SelectMany(t => t.Operations).First(o => o.Key == "accepted");
        await client.HandleIncidentActionAsync(number, new IncidentActionRequest { TaskId = accept.TaskId, Action = "accepted" });

        Assert.Equal("INCIDENT_STATUS_ACKNOWLEDGED", (await client.GetIncidentAsync(number)).Status);
        var histories = await client.ListIncidentHistoriesV2Async(number);
        Assert.Contains(histories.Info, h => h.Action == "acceptedIncident1");
        var list = await client.ListIncidentsV2Async(new ListIncidentsV2Request { Page = 1, PerPage = 10, ContainTotal = true });
        Assert.Equal(1, list.Total);
    }

    [Fact]
    public async Task An_attachment_uploaded_to_a_ticket_downloads_byte_for_byte()
    {
        var client = fixture.InOwnProject();
        var number = await client.CreateIncidentAsync(Requests.Create());
        var bytes = Encoding.UTF8.GetBytes("df -h says 100%\n");

        var uploaded = await client.UploadAttachmentAsync("df.txt", bytes, number, "text/plain");
        var downloaded = await client.DownloadAttachmentAsync(uploaded.DocId);

        Assert.Equal("df.txt", uploaded.DocName);
        Assert.Equal(bytes, downloaded.Bytes);
        Assert.Contains((await client.GetIncidentAsync(number)).Attachments, a => a.DocId == uploaded.DocId);
    }

    [Fact]
    public async Task A_custom_event_becomes_an_alarm_the_client_lists_reads_and_clears()
    {
        var client = fixture.InOwnProject();
        var key = Guid.NewGuid().ToString("N"); // 32 characters: emulator mode creates the integration on first use
        await client.SendCustomEventAsync(key, new JsonObject
        {
            ["alarmId"] = "zbx-cpu-1", ["alarmName"] = "CPU high", ["alarmLevel"] = "Major", ["time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["nameSpace"] = "ECS", ["applicationId"] = "shop", ["alarmDesc"] = "cpu 97%", ["alarmSource"] = "zabbix", ["region"] = "cn-north-4",
            ["resourceName"] = "ecs-db-01", ["resourceId"] = "i-1", ["URL"] = "https://zbx.example/1", ["alarmStatus"] = "alarm",
        });

        var alarms = new List<Coc.Core.Alarms.AlarmInfo>();
        await foreach (var a in client.ListAllAlarmsAsync()) alarms.Add(a);
        var alarm = Assert.Single(alarms);
        Assert.Equal(alarm.Id, (await client.GetAlarmAsync(alarm.Id)).Id);

        var cleared = await client.CancelAlarmsAsync(new JsonObject { ["alarm_ids"] = alarm.Id, ["remarks"] = "fixed" });
        Assert.Equal([alarm.Id], cleared);
        Assert.True((await client.ListAlarmHandleHistoriesAsync(alarm.Id)).ResolvedRecord is not null);
    }

    [Fact]
    public async Task Integrations_and_webhooks_are_administered_through_the_client()
    {
        var client = fixture.InOwnProject();

        var integration = await client.CreateIntegrationAsync(new JsonObject { ["name"] = "am", ["type"] = "prometheus" });
        Assert.False(string.IsNullOrEmpty(integration.Key));
        Assert.False((await client.DisableIntegrationAsync(integration.Id)).Enabled);
        Assert.Contains((await client.ListIntegrationsAsync()).Integrations, i => i.Id == integration.Id);

        var webhook = await client.CreateWebhookAsync(new JsonObject { ["url"] = "http://127.0.0.1:9/hook" });
        Assert.StartsWith("whsec_", webhook.Secret);
        Assert.Null((await client.GetWebhookAsync(webhook.Id)).Secret);
        await client.DeleteWebhookAsync(webhook.Id);
        Assert.DoesNotContain((await client.ListWebhooksAsync()).Webhooks, w => w.Id == webhook.Id);
    }
}

/// <summary>Secure mode: the ready client signs with the configured key; a client without credentials is refused.</summary>
public sealed class SecureEmulatorTests(SecureEmulatorFixture fixture) : IClassFixture<SecureEmulatorFixture>
{
    [Fact]
    public async Task The_signed_client_is_accepted_and_an_unsigned_one_gets_the_gateway_401()
    {
        var number = await fixture.Coc.Client.CreateIncidentAsync(Requests.Create());
        Assert.Equal("INCIDENT_STATUS_TRIGGERED", (await fixture.Coc.Client.GetIncidentAsync(number)).Status);

        var anonymous = fixture.Coc.CreateClient(o => { o.AccessKey = null; o.SecretKey = null; });
        var e = await Assert.ThrowsAsync<CocApiException>(() => anonymous.GetIncidentAsync(number));
        Assert.Equal(HttpStatusCode.Unauthorized, e.HttpStatus);
        Assert.Equal("APIGW.0301", e.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_refused_as_a_signature_mismatch()
    {
        var wrong = fixture.Coc.CreateClient(o => o.SecretKey = "not-the-secret-key-at-all-000");
        var e = await Assert.ThrowsAsync<CocApiException>(() => wrong.ListIncidentsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, e.HttpStatus);
        Assert.StartsWith("APIGW.", e.ErrorCode);
    }
}
