using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;

namespace Coc.Cli.Commands;

internal static class CommandHelpers
{
    public static Command With(this Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            if (symbol is Option option) command.Options.Add(option);
            else if (symbol is Argument argument) command.Arguments.Add(argument);
            else if (symbol is Command sub) command.Subcommands.Add(sub);
        }
        return command;
    }

    public static Command Does(this Command command, CliApp app, Func<CliContext, Task> body)
    {
        command.SetAction(app.Action(body));
        return command;
    }

    public static Option<string> Text(string name, string description, string helpName = "TEXT", bool required = false) =>
        new(name) { Description = description, HelpName = helpName, Required = required };

    public static Option<string[]> List(string name, string description, string helpName = "VALUE") =>
        new(name) { Description = description, HelpName = helpName, AllowMultipleArgumentsPerToken = false };

    /// <summary>Adds <paramref name="name"/> to <paramref name="body"/> when a value was given.</summary>
    public static void Put(this JsonObject body, string name, string? value)
    {
        if (value is not null) body[name] = value;
    }

    public static void Put(this JsonObject body, string name, bool? value)
    {
        if (value is not null) body[name] = value.Value;
    }

    public static void Put(this JsonObject body, string name, long? value)
    {
        if (value is not null) body[name] = value.Value;
    }

    public static void Put(this JsonObject body, string name, string[]? values)
    {
        if (values is { Length: > 0 }) body[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }

    /// <summary>A time given as ms since the epoch, an ISO 8601 date-time, or relative to now: +30m, +2h, +1d, -10m.</summary>
    public static long? Time(string? text, string option, TimeProvider? clock = null)
    {
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return ms;
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        if (text.Length > 2 && text[0] is '+' or '-' && double.TryParse(text[1..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n),
                _ => (TimeSpan?)null,
            };
            if (span is { } s) return (text[0] == '+' ? now + s : now - s).ToUnixTimeMilliseconds();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at.ToUnixTimeMilliseconds();
        throw new UsageException($"{option} must be ms since the epoch, an ISO 8601 time or +30m / +2h / +1d, not '{text}'");
    }

    /// <summary><c>key=value</c> pairs as a JSON object; a value that parses as JSON (true, 12, [..], {..}) is taken as such.</summary>
    public static JsonObject Pairs(string[]? pairs, string option)
    {
        var result = new JsonObject();
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new UsageException($"{option} takes key=value, not '{pair}'");
            var value = pair[(eq + 1)..];
            JsonNode? node;
            try { node = value.Length > 0 && (value[0] is '[' or '{' or '"' || value is "true" or "false" || char.IsDigit(value[0])) ? JsonNode.Parse(value) : value; }
            catch (System.Text.Json.JsonException) { node = value; }
            result[pair[..eq]] = node;
        }
        return result;
    }
}
