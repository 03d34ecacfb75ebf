using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Testing;

// emulator-startup [--runs N] [--warmup N] [--json FILE]
// Starts CocEmulator --warmup times (discarded: they load and JIT the assemblies), then --runs times per store, each
// measured from the call of StartAsync to its return (storage migrated, socket bound) and then to the first answer
// of GET /readyz through the ready client, in wall-clock time and in this process's CPU time (the steadier number on a
// shared machine); every emulator is disposed before the next starts (not timed).
var runs = Arg("--runs", 20);
var warmup = Arg("--warmup", 3);
var jsonPath = Value("--json");

for (var i = 0; i < warmup; i++)
{
    await using var coc = await CocEmulator.StartAsync();
    await coc.Client.GetReadinessAsync();
}

var result = new JsonObject { ["runs"] = runs, ["warmup"] = warmup };
foreach (var (name, inMemory) in new[] { ("temp_file", false), ("in_memory", true) })
{
    var started = new List<double>();
    var answered = new List<double>();
    var cpu = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var coc = await CocEmulator.StartAsync(new CocEmulatorOptions { InMemory = inMemory });
        started.Add(clock.Elapsed.TotalMilliseconds);
        await coc.Client.GetReadinessAsync();
        answered.Add(clock.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        await coc.DisposeAsync();
    }
    result[name] = new JsonObject { ["start_ms"] = Summary(started), ["first_answer_ms"] = Summary(answered), ["cpu_ms"] = Summary(cpu) };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  emulator {name}: StartAsync median {Median(started):F1} ms, p90 {Percentile(started, 0.9):F1} ms; first /readyz answer median {Median(answered):F1} ms, p90 {Percentile(answered, 0.9):F1} ms; CPU median {Median(cpu):F1} ms"));
}
if (jsonPath is not null) await File.WriteAllTextAsync(jsonPath, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

static JsonObject Summary(List<double> ms) => new()
{
    ["median"] = Round(Median(ms)), ["p90"] = Round(Percentile(ms, 0.9)), ["min"] = Round(ms.Min()), ["max"] = Round(ms.Max()),
};

static double Round(double ms) => Math.Round(ms, 1);

static double Median(List<double> ms) => Percentile(ms, 0.5);

// nearest rank on the sorted values
static double Percentile(List<double> ms, double p)
{
    var sorted = ms.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

int Arg(string name, int fallback) =>
    Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) is var n && n > 0 ? n : throw new ArgumentException($"{name} must be positive") : fallback;

string? Value(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
