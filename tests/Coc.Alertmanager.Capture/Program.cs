using System.Text;
using Coc.Testing.Support.Monitoring;

// Usage: dotnet run --project tests/Coc.Alertmanager.Capture -c Release -- OUTPUT_DIRECTORY
// Runs the real Alertmanager against a loopback receiver and writes each delivery of the scenarios below as
// NAME.json (the body, byte for byte) and NAME.headers (the request line and headers as they arrived).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Coc.Alertmanager.Capture OUTPUT_DIRECTORY");
    return 2;
}
var output = Directory.CreateDirectory(args[0]).FullName;
var wait = TimeSpan.FromSeconds(15);
await using var receiver = await LoopbackReceiver.StartAsync();
var webhook = receiver.UrlOf("/v1/event/prometheus/Abcdefghijklmnopqrstuvwxyz012345");

async Task SaveNextAsync(string name)
{
    var from = receiver.Received.Count;
    var delivery = await receiver.WaitForAsync(from, timeout: wait);
    var headers = new StringBuilder($"{delivery.Method} {delivery.Path}\n");
    foreach (var (header, value) in delivery.Headers) headers.Append($"{header}: {value}\n");
    await File.WriteAllBytesAsync(Path.Combine(output, name + ".json"), delivery.Body);
    await File.WriteAllTextAsync(Path.Combine(output, name + ".headers"), headers.ToString());
    Console.WriteLine($"{name}: {delivery.Body.Length} bytes");
}

// One group (alertname HighCPU) through its life: one alert, a second joining (the first is re-sent with it),
// one of them resolved (the group is still firing), both resolved.
await using (var alertmanager = await AlertmanagerProcess.StartAsync(webhook))
{
    var web1 = AlertmanagerAlert.Named("HighCPU", ("severity", "critical"), ("instance", "web-1:9100"), ("job", "node")) with
    {
        Annotations = new Dictionary<string, string>
        {
            ["summary"] = "CPU 使用率超过 90%",
            ["description"] = "load <b>high</b> & rising on web-1",
        },
        GeneratorUrl = "http://prometheus.example:9090/graph?g0.expr=cpu_usage+%3E+0.9&g0.tab=1",
    };
    var web2 = AlertmanagerAlert.Named("HighCPU", ("severity", "critical"), ("instance", "web-2:9100"), ("job", "node")) with
    {
        Annotations = new Dictionary<string, string> { ["summary"] = "CPU above 90% on web-2" },
    };
    await alertmanager.FireAsync(web1);
    await SaveNextAsync("firing-single");
    await alertmanager.FireAsync(web2);
    await SaveNextAsync("firing-joined");
    await alertmanager.ResolveAsync(web1);
    await SaveNextAsync("firing-partly-resolved");
    await alertmanager.ResolveAsync(web2);
    await SaveNextAsync("resolved");
}

// Several alerts posted together arrive as one group; grouped by two labels.
await using (var alertmanager = await AlertmanagerProcess.StartAsync(webhook, new AlertmanagerOptions { GroupBy = ["alertname", "cluster"] }))
{
    var disks = Enumerable.Range(1, 3).Select(i =>
        AlertmanagerAlert.Named("DiskFull", ("severity", "major"), ("cluster", "prod"), ("instance", $"db-{i}"), ("mountpoint", "/var/lib")) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = $"disk of db-{i} above 95%" },
        }).ToArray();
    await alertmanager.FireAsync(disks);
    await SaveNextAsync("firing-group");
}

// max_alerts 2 with 3 alerts: Alertmanager sends 2 and counts the third in truncatedAlerts.
await using (var alertmanager = await AlertmanagerProcess.StartAsync(webhook, new AlertmanagerOptions { MaxAlerts = 2 }))
{
    await alertmanager.FireAsync(Enumerable.Range(1, 3)
        .Select(i => AlertmanagerAlert.Named("QueueBacklog", ("severity", "warning"), ("queue", $"q{i}"))).ToArray());
    await SaveNextAsync("firing-truncated");
}
return 0;
